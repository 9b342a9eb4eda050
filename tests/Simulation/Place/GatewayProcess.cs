using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Smile.Simulation.Place
{
    /// <summary>The gateway as a real separate process, configured by environment variables, killed with SIGKILL or stopped with SIGTERM.</summary>
    public sealed class GatewayProcess : IDisposable
    {
        // 10 s, not 2: /status waits for the store's lock, which a commit holds through its fsync; on a loaded CI host
        // that took over 2 s often enough to fail a test whose gateway was fine.
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        private readonly Dictionary<string, string> _environment;
        private Process? _process;

        private readonly string? _command;
        private readonly IReadOnlyList<string> _arguments;

        /// <param name="local">The Smile Place broker the gateway reads from.</param>
        /// <param name="upstream">The broker standing in for the city platform.</param>
        /// <param name="settings">Further settings as environment variables (Smile__Section__Key), over the defaults.</param>
        /// <param name="command">An installed gateway to run (the Debian package's /usr/bin/smile-gateway); null: this build.</param>
        /// <param name="arguments">The command's arguments (an emulator runs the gateway: qemu's arguments, then the gateway's path).</param>
        public GatewayProcess(Mosquitto local, Mosquitto upstream, Dictionary<string, string>? settings = null, string? command = null, IReadOnlyList<string>? arguments = null)
            : this(local, upstream.Port, settings, command, arguments)
        {
        }

        /// <param name="local">The Smile Place broker the gateway reads from.</param>
        /// <param name="upstreamPort">The platform broker's port on loopback (or the first member's; Upstream:Members in settings).</param>
        /// <param name="settings">Further settings as environment variables (Smile__Section__Key), over the defaults.</param>
        /// <param name="command">An installed gateway to run; null: this build.</param>
        /// <param name="arguments">The command's arguments.</param>
        public GatewayProcess(Mosquitto local, int upstreamPort, Dictionary<string, string>? settings = null, string? command = null, IReadOnlyList<string>? arguments = null)
        {
            _command = command;
            _arguments = arguments ?? Array.Empty<string>();
            DataDirectory = Directory.CreateTempSubdirectory("smile-gateway-").FullName;
            HealthPort = Loopback.FreePort();
            _environment = new Dictionary<string, string>
            {
                ["Smile__Gateway__Id"] = "gw-test",
                ["Smile__Gateway__Site"] = "hafen",
                ["Smile__Gateway__DataDirectory"] = DataDirectory,
                ["Smile__LocalBroker__Port"] = local.Port.ToString(),
                ["Smile__LocalBroker__KeepAliveSeconds"] = "5",
                ["Smile__Upstream__Port"] = upstreamPort.ToString(),
                ["Smile__Upstream__Tls__Enabled"] = "false",
                ["Smile__Upstream__KeepAliveSeconds"] = "5",
                ["Smile__Health__Url"] = "http://127.0.0.1:" + HealthPort,
                ["Logging__LogLevel__Default"] = "Warning",

                // Only these settings: not those of a gateway package installed on this machine.
                ["SMILE_GATEWAY_CONFIG"] = "",

                // The fleet compresses hours of traffic into seconds; the flooding test turns the limit back on.
                ["Smile__Filters__MaxFramesPerNodePerMinute"] = "0",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                _environment[key] = value;
            }
        }

        public string DataDirectory { get; }

        public int HealthPort { get; }

        public string LogFile => Path.Combine(DataDirectory, "gateway.log");

        public static string Dll
        {
            get
            {
                string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
                return RepoPaths.Of("gateway", "Smile.Gateway", "bin", configuration, "net10.0", "smile-gateway.dll");
            }
        }

        public void Start()
        {
            var start = new ProcessStartInfo(_command ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (_command == null)
            {
                start.ArgumentList.Add(Dll);
            }

            foreach (string argument in _arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in _environment)
            {
                start.Environment[key] = value;
            }

            _process = Process.Start(start)!;
            var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
            _process.OutputDataReceived += (_, e) => { lock (log) { if (e.Data != null) { log.WriteLine(e.Data); } } };
            _process.ErrorDataReceived += (_, e) => { lock (log) { if (e.Data != null) { log.WriteLine(e.Data); } } };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public async Task StartReadyAsync()
        {
            Start();
            await WaitReadyAsync(TimeSpan.FromSeconds(30));
        }

        public async Task WaitReadyAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (HasExited)
                {
                    throw new InvalidOperationException("the gateway exited with " + _process!.ExitCode + ": " + File.ReadAllText(LogFile));
                }

                try
                {
                    using var response = await Http.GetAsync("http://127.0.0.1:" + HealthPort + "/health/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("the gateway did not become ready: " + File.ReadAllText(LogFile));
        }

        /// <summary>Waits until /status shows the given fragment (e.g. "\"upstream_connected\":true").</summary>
        public async Task WaitStatusAsync(string fragment, TimeSpan timeout) =>
            await WaitStatusTextAsync(text => text.Contains(fragment), timeout, "status never showed " + fragment);

        /// <summary>
        /// Waits until /status meets <paramref name="until"/> and returns that document: a figure the gateway reaches at its
        /// own pace (counted after a commit) is polled for, never read once after a fixed delay.
        /// </summary>
        public async Task<JsonObject> WaitStatusAsync(Func<JsonObject, bool> until, TimeSpan timeout, string failure) =>
            JsonNode.Parse(await WaitStatusTextAsync(text => until(JsonNode.Parse(text)!.AsObject()), timeout, failure))!.AsObject();

        private async Task<string> WaitStatusTextAsync(Func<string, bool> until, TimeSpan timeout, string failure)
        {
            var deadline = DateTime.UtcNow + timeout;
            string status = await GetAsync("/status");
            while (!until(status))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException(failure + ": " + status);
                }

                await Task.Delay(50);
                status = await GetAsync("/status");
            }

            return status;
        }

        public async Task<string> GetAsync(string path) => await Http.GetStringAsync("http://127.0.0.1:" + HealthPort + path);

        /// <summary>The gateway's /status document.</summary>
        public async Task<JsonObject> StatusAsync() => JsonNode.Parse(await GetAsync("/status"))!.AsObject();

        /// <summary>A counter of /status summed over its nodes (dropped_buffer_full, quarantined, duplicates, …).</summary>
        public static long Counter(JsonObject status, string name) =>
            status["counters"]?[name] is JsonObject byNode ? byNode.Sum(n => (long)n.Value!) : 0;

        /// <summary>SIGKILL: no chance to commit, ack or say goodbye.</summary>
        public void Kill()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        public async Task RestartAfterKillAsync()
        {
            Kill();
            await StartReadyAsync();
        }

        /// <summary>SIGTERM and wait: the exit code.</summary>
        public int Terminate()
        {
            ProcessRunner.Signal(_process!.Id, "TERM");
            if (!_process.WaitForExit(20_000))
            {
                _process.Kill();
                return -1;
            }

            _process.WaitForExit();
            return _process.ExitCode;
        }

        /// <summary>
        /// Exited, and everything it printed is in the log: Process.HasExited turns true when the child is reaped,
        /// possibly before the redirected output reaches the handlers; only WaitForExit() without a timeout waits for
        /// the end of both streams (documented on Process.HasExited).
        /// </summary>
        public bool HasExited
        {
            get
            {
                if (_process is { HasExited: false })
                {
                    return false;
                }

                _process?.WaitForExit();
                return true;
            }
        }

        public int Pid => _process?.Id ?? 0;

        public int ExitCode => _process!.ExitCode;

        public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

        public void Dispose()
        {
            Kill();
            _process?.Dispose();
            try
            {
                Directory.Delete(DataDirectory, true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }
}
