using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>
    /// Peer B: Node-RED (bench/node-red, from the npm registry) with the flow in bench/node-red/flow.json: MQTT in at
    /// QoS 1, the v1 frame decoded in a function node, JSON out at QoS 1. As users run it: clean sessions and
    /// mosquitto's default queue limit on the Smile Place broker; tuned: persistent sessions and the shipped policy.
    /// </summary>
    public sealed class NodeRedSystem : ISystemUnderTest
    {
        private readonly string _folder;
        private readonly int _port;
        private Process _process;

        private NodeRedSystem(Mosquitto local, string folder, int port, bool tuned)
        {
            Local = local;
            _folder = folder;
            _port = port;
            Name = tuned ? "Node-RED, tuned" : "Node-RED";
            _process = Launch(folder, port);
        }

        public string Name { get; }

        public int Pid => _process.Id;

        public Mosquitto Local { get; }

        public PlatformSubscriber.Shape Shape => PlatformSubscriber.Shape.NodeRed;

        public string UpstreamFilter => "smile/v1/#";

        public static NodeRedSystem Start(Mosquitto upstream, bool tuned)
        {
            Mosquitto local = Mosquitto.Start(shippedPolicy: tuned);
            string folder = Directory.CreateTempSubdirectory("smile-nodered-").FullName;
            string bench = RepoPaths.Of("bench", "node-red");
            string formatter = File.ReadAllText(RepoPaths.Of("tools", "formatter", "smile-v1-formatter.js"));
            string function = File.ReadAllText(Path.Combine(bench, "decode-function.js")).Replace("/*SMILE_FORMATTER*/", formatter);
            string flow = File.ReadAllText(Path.Combine(bench, "flow.json"))
                .Replace("{{LOCAL_PORT}}", local.Port.ToString())
                .Replace("{{UPSTREAM_PORT}}", upstream.Port.ToString())
                .Replace("{{CLEAN_SESSION}}", tuned ? "false" : "true")
                .Replace("\"{{DECODE_FUNCTION}}\"", JsonSerializer.Serialize(function));
            File.WriteAllText(Path.Combine(folder, "flows.json"), flow);
            int port = Loopback.FreePort();
            File.WriteAllText(Path.Combine(folder, "settings.js"),
                "module.exports = { uiPort: " + port + ", uiHost: '127.0.0.1', flowFile: 'flows.json', credentialSecret: false, "
                + "httpNodeRoot: false, editorTheme: { tours: false }, logging: { console: { level: 'warn' } } };\n");
            return new NodeRedSystem(local, folder, port, tuned);
        }

        public Task KillAndRestartAsync()
        {
            Stop();
            _process = Launch(_folder, _port);
            return Task.CompletedTask;
        }

        private static Process Launch(string folder, int port)
        {
            var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { RepoPaths.Of("bench", "node-red", "node_modules", "node-red", "red.js"), "--userDir", folder, "--settings", Path.Combine(folder, "settings.js") })
            {
                start.ArgumentList.Add(argument);
            }

            Process process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { Console.Error.WriteLine("node-red: " + e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            WaitUntilRunning(port, process);
            return process;
        }

        /// <summary>The admin API answers once the flows are started; then give the MQTT nodes a moment to subscribe.</summary>
        private static void WaitUntilRunning(int port, Process process)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    if (http.GetAsync("http://127.0.0.1:" + port + "/flows").Result.IsSuccessStatusCode)
                    {
                        Thread.Sleep(2000);
                        return;
                    }
                }
                catch (AggregateException)
                {
                    // Not listening yet.
                }

                Thread.Sleep(200);
            }

            throw new TimeoutException("Node-RED did not start");
        }

        private void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        public void Dispose()
        {
            Stop();
            Local.Dispose();
            Directory.Delete(_folder, true);
        }
    }
}
