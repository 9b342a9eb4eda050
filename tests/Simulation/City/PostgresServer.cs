using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using Smile.Simulation.Place;

namespace Smile.Simulation.City
{
    /// <summary>
    /// A throw-away PostgreSQL from Debian's postgresql-15 binaries: initdb into a temporary folder, the postmaster on a
    /// free loopback port (its socket in the same folder), trust authentication for the user "smile". PostgreSQL
    /// refuses to run as root, so as root every binary runs as the "postgres" user through setpriv (which execs, so
    /// the process id is the postmaster's own and signals reach it); as anyone else it runs as that user.
    /// </summary>
    public sealed class PostgresServer : IDisposable
    {
        public const string User = "smile";
        private const string BinaryFolder = "/usr/lib/postgresql/15/bin";
        private static readonly bool AsRoot = Environment.UserName == "root";
        private readonly ServerProcess _postmaster;

        private PostgresServer(bool durable)
        {
            Folder = Directory.CreateTempSubdirectory("smile-postgres-").FullName;
            Port = Loopback.FreePort();
            if (AsRoot)
            {
                ProcessRunner.Run("chown", "postgres:postgres", Folder);
            }

            Run("initdb", "-D", DataFolder, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");
            // fsync off unless asked: the tests crash processes, not the machine, and the page cache survives them.
            var settings = new List<string>
            {
                "-D", DataFolder, "-p", Port.ToString(), "-k", Folder, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=" + (durable ? "on" : "off"), "-c", "max_connections=50",
            };
            var (tool, arguments) = Command("postgres", settings);
            _postmaster = new ServerProcess(tool, arguments, Path.Combine(Folder, "postgres.log"));
            Launch();
        }

        public string Folder { get; }

        public string DataFolder => Path.Combine(Folder, "data");

        public int Port { get; }

        public int Pid => _postmaster.Pid;

        public string ConnectionString => "Host=127.0.0.1;Port=" + Port + ";Username=" + User + ";Database=postgres";

        /// <param name="durable">fsync on, as a production server runs (the benchmark); off for tests.</param>
        public static PostgresServer Start(bool durable = false) => new PostgresServer(durable);

        /// <summary>
        /// A crash as the database sees it: SIGQUIT, the immediate shutdown (no checkpoint; the next start replays the
        /// WAL). Not SIGKILL of the postmaster, whose orphaned backends would hold the shared memory and block a restart.
        /// </summary>
        public void Crash() => _postmaster.Signal("QUIT", TimeSpan.FromSeconds(20));

        /// <summary>SIGINT, the fast shutdown: open transactions roll back, then a checkpoint.</summary>
        public void Stop() => _postmaster.Signal("INT", TimeSpan.FromSeconds(30));

        /// <summary>Starts the postmaster again on the same port and data after Crash or Stop.</summary>
        public void StartAgain() => Launch();

        /// <summary>Runs a psql command and returns its unaligned, tuples-only output.</summary>
        public string Sql(string sql) =>
            Run("psql", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-d", "postgres", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql).Trim();

        public void Dispose()
        {
            _postmaster.Dispose();
            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
                // A file still held open: the temp folder is cleaned by the OS.
            }
            catch (UnauthorizedAccessException)
            {
                // Left to the OS's temp clean-up.
            }
        }

        private static (string Tool, IReadOnlyList<string> Arguments) Command(string binary, IEnumerable<string> arguments)
        {
            string path = Path.Combine(BinaryFolder, binary);
            if (!AsRoot)
            {
                return (path, arguments.ToList());
            }

            return ("setpriv", new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", path }.Concat(arguments).ToList());
        }

        private static string Run(string binary, params string[] arguments)
        {
            var (tool, all) = Command(binary, arguments);
            return ProcessRunner.Run(tool, all.ToArray());
        }

        private void Launch()
        {
            _postmaster.Start();
            _postmaster.WaitUntil(Accepting, TimeSpan.FromSeconds(60), "postgres on port " + Port);
        }

        private bool Accepting()
        {
            try
            {
                using (var probe = new TcpClient())
                {
                    probe.Connect("127.0.0.1", Port);
                }

                // The port opens before recovery ends; pg_isready says when connections are accepted.
                ProcessRunner.Run(Path.Combine(BinaryFolder, "pg_isready"), "-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-t", "2");
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
