using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Smile.Simulation.Place;

namespace Smile.Simulation.City
{
    /// <summary>One instance of tools/Ingest (this build) as a separate process, configured by environment variables; SIGKILL or SIGTERM.</summary>
    public sealed class IngestProcess : IDisposable
    {
        private readonly ServerProcess _process;

        public IngestProcess(string natsUrls, string postgresConnection, int replicas, string name, Dictionary<string, string>? settings = null)
        {
            Folder = Directory.CreateTempSubdirectory("smile-ingest-" + name + "-").FullName;
            HealthUrl = "http://127.0.0.1:" + Loopback.FreePort();
            var environment = new Dictionary<string, string>
            {
                ["Smile__Nats__Url"] = natsUrls,
                ["Smile__Nats__Replicas"] = replicas.ToString(),
                ["Smile__Postgres__ConnectionString"] = postgresConnection,
                // Its own port: several instances run on this machine.
                ["Smile__Health__Url"] = HealthUrl,
                // Only these settings: not those of an ingest installed on this machine.
                ["SMILE_INGEST_CONFIG"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Smile"] = "Information",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            _process = new ServerProcess("dotnet", new[] { Dll }, LogFile, environment);
        }

        public string Folder { get; }

        /// <summary>Where its /healthz and /metrics answer.</summary>
        public string HealthUrl { get; }

        public string LogFile => Path.Combine(Folder, "ingest.log");

        public int Pid => _process.Pid;

        public bool Running => _process.Running;

        public static string Dll
        {
            get
            {
                string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
                return RepoPaths.Of("tools", "Ingest", "bin", configuration, "net10.0", "smile-ingest.dll");
            }
        }

        public void Start() => _process.Start();

        /// <summary>SIGKILL: no commit, no acknowledgement of what was in hand.</summary>
        public void Kill() => _process.Signal("KILL", TimeSpan.FromSeconds(10));

        /// <summary>SIGTERM: the host stops the consume loop and exits.</summary>
        public void Stop() => _process.Signal("TERM", TimeSpan.FromSeconds(30));

        public string Log() => _process.LogTail();

        public void Dispose()
        {
            _process.Dispose();
            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
                // Left to the OS's temp clean-up.
            }
        }
    }
}
