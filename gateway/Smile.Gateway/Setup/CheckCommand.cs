using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;

namespace Smile.Gateway.Setup
{
    /// <summary>
    /// <c>smile-gateway check [--config FILE] [--env-file FILE]</c>: one plain line per thing an operator asks first
    /// (config, platform broker, disk, buffer, clock), each "name: ok ..." or "name: PROBLEM ...". Exit code 0 when
    /// all are ok, 1 otherwise. Reads the buffer without writing to it.
    /// </summary>
    public static class CheckCommand
    {
        private const long LowDiskBytes = 100L * 1024 * 1024;

        public static async Task<int> RunAsync(IReadOnlyList<string> args)
        {
            string config = GatewayFiles.Config;
            string env = GatewayFiles.Env;
            for (int i = 0; i + 1 < args.Count; i += 2)
            {
                switch (args[i])
                {
                    case "--config": config = args[i + 1]; break;
                    case "--env-file": env = args[i + 1]; break;
                    default: Console.Error.WriteLine("smile-gateway check: unknown flag " + args[i]); return 2;
                }
            }

            var options = new GatewayOptions();
            GatewayFiles.Load(config, env).GetSection(GatewayOptions.Section).Bind(options);
            var invalid = new GatewayOptionsValidator().Validate(null, options);
            bool ok = Line("config", !invalid.Failed, invalid.Failed ? invalid.FailureMessage! : config);
            if (invalid.Failed)
            {
                return 1;
            }

            string? error = await BrokerProbe.TryAsync(options.Upstream);
            ok &= Line("platform broker", error == null, options.Upstream.Host + ":" + options.Upstream.Port
                + (options.Upstream.Tls?.Enabled == true ? " TLS verified" : " no TLS") + (error == null ? ", logged in" : ": " + error));

            string data = options.Gateway.DataDirectory;
            string existing = Directory.Exists(data) ? data : Path.GetDirectoryName(Path.GetFullPath(data)) ?? "/";
            long free = new DriveInfo(existing).AvailableFreeSpace;
            ok &= Line("disk", free >= LowDiskBytes, free / (1024 * 1024) + " MiB free in " + existing);
            ok &= Buffer(Path.Combine(data, "buffer.db"));

            ClockSyncState clock = new KernelClockSync().Read();
            ok &= Line("clock", clock != ClockSyncState.Unsynchronized, clock switch
            {
                ClockSyncState.Synchronized => "synchronized",
                ClockSyncState.Unsynchronized => "not synchronized: no NTP answer yet (timedatectl timesync-status); measurements get gateway_clock_unsynced",
                _ => "sync state unknown",
            });
            return ok ? 0 : 1;
        }

        private static bool Buffer(string file)
        {
            if (!File.Exists(file))
            {
                return Line("buffer", true, "none yet (" + file + ")");
            }

            try
            {
                using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                db.Open();
                using var command = db.CreateCommand();
                command.CommandText = "PRAGMA quick_check; PRAGMA user_version; SELECT COALESCE(SUM(samples), 0) FROM outbox;";
                using SqliteDataReader reader = command.ExecuteReader();
                reader.Read();
                string integrity = reader.GetString(0);
                reader.NextResult();
                reader.Read();
                long version = reader.GetInt64(0);
                reader.NextResult();
                reader.Read();
                long waiting = reader.GetInt64(0);
                bool healthy = integrity == "ok" && version <= SchemaVersion.Current;
                return Line("buffer", healthy, waiting + " messages waiting, version " + version
                    + (version > SchemaVersion.Current ? " (newer than this release knows)" : "") + ", integrity " + integrity);
            }
            catch (SqliteException e)
            {
                return Line("buffer", false, file + ": " + e.Message);
            }
        }

        private static bool Line(string name, bool ok, string detail)
        {
            Console.WriteLine(name + ": " + (ok ? "ok " : "PROBLEM ") + detail);
            return ok;
        }
    }
}
