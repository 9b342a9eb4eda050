using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// A real mosquitto for one test or demo: its own config, data folder and free loopback port; stopped (or killed) and
    /// restarted on the same port and store. Queue limits and autosave come from the shipped
    /// gateway/deploy/mosquitto/policy.conf, never from mosquitto's defaults.
    /// </summary>
    public sealed class Mosquitto : IDisposable
    {
        private readonly string _extraConfig;
        private readonly bool _shippedPolicy;
        private Process? _process;

        private Mosquitto(string extraConfig, bool shippedPolicy)
        {
            _extraConfig = extraConfig;
            _shippedPolicy = shippedPolicy;
            Folder = Directory.CreateTempSubdirectory("smile-mosquitto-").FullName;
            Port = Loopback.FreePort();
        }

        public int Port { get; }

        public int Pid => _process?.Id ?? 0;

        public string Folder { get; }

        public string LogFile => Path.Combine(Folder, "mosquitto.log");

        public string ConfigFile => Path.Combine(Folder, "mosquitto.conf");

        /// <summary>
        /// Starts a broker; extraConfig is appended ({port} and {dir} are filled in); prepare runs first, to write
        /// files the config names (password file, certificates). shippedPolicy false leaves mosquitto's own defaults
        /// (1000 queued messages, no persistence): a broker as users run it, for the benchmarks.
        /// </summary>
        public static Mosquitto Start(string extraConfig = "", bool listenerIncluded = false, Action<Mosquitto>? prepare = null, bool shippedPolicy = true)
        {
            var broker = new Mosquitto(extraConfig, shippedPolicy);
            broker.WriteConfig(listenerIncluded);
            prepare?.Invoke(broker);
            broker.Launch();
            return broker;
        }

        public void Kill()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        /// <summary>SIGTERM: mosquitto saves its store and exits.</summary>
        public void Stop()
        {
            if (_process is { HasExited: false })
            {
                ProcessRunner.Signal(_process.Id, "TERM");
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill();
                }
            }
        }

        public void Restart()
        {
            Stop();
            Launch();
        }

        /// <summary>Starts the broker again on the same port and store after Stop or Kill.</summary>
        public void StartAgain() => Launch();

        public void Dispose()
        {
            Kill();
            _process?.Dispose();
            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
                // A file still held open: the temp folder is cleaned by the OS.
            }
        }

        private void WriteConfig(bool listenerIncluded)
        {
            // The shipped policy first, so a test's own lines (after it) can override one value on purpose.
            string listener = listenerIncluded ? "" : "listener " + Port + " 127.0.0.1\nallow_anonymous true\n";
            File.WriteAllText(ConfigFile,
                (_shippedPolicy ? File.ReadAllText(RepoPaths.Of("gateway", "deploy", "mosquitto", "policy.conf")) + "\n" : "")
                + (Environment.UserName == "root" ? "user root\n" : "") // as root mosquitto would switch to a user who cannot write our temp folder
                + "persistence_location " + Folder + "/\n"
                + "log_dest file " + LogFile + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\n"
                + listener
                + _extraConfig.Replace("{port}", Port.ToString()).Replace("{dir}", Folder) + "\n");
        }

        private void Launch()
        {
            _process = Process.Start(new ProcessStartInfo("mosquitto")
            {
                ArgumentList = { "-c", ConfigFile },
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("mosquitto did not start");
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("mosquitto exited: " + (File.Exists(LogFile) ? File.ReadAllText(LogFile) : "no log"));
                }

                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }

            throw new TimeoutException("mosquitto did not listen on " + Port);
        }
    }
}
