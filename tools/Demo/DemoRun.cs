using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Fleet;
using Smile.Simulation.Place;
using Spectre.Console;

namespace Smile.Demo
{
    /// <summary>
    /// A whole Smile Place on loopback: the Smile Place broker and a stand-in for the city platform's broker (real
    /// mosquitto, shipped policy), the gateway process, the simulated fleet, one node that sends corrupted frames, and
    /// the integrator's subscription. Everything it starts, it stops.
    /// </summary>
    public sealed class DemoRun
    {
        private const string BrokenNode = "hro-broken-01";
        private readonly DemoOptions _options;
        private readonly StreamLedger _ledger = new StreamLedger();
        private JsonObject? _status;
        private int _corruptSent;

        public DemoRun(DemoOptions options) => _options = options;

        public async Task<int> RunAsync(CancellationToken cancel)
        {
            AnsiConsole.MarkupLine("[grey]starting two mosquitto brokers, the gateway and " + _options.Nodes + " simulated nodes on loopback …[/]");
            using Mosquitto local = Mosquitto.Start();
            using Mosquitto upstream = Mosquitto.Start();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["Smile__Gateway__Id"] = "demo-gateway",
                ["Smile__Gateway__Site"] = "smile-place",
            });
            await gateway.StartReadyAsync();
            await using PlatformSubscriber platform = await PlatformSubscriber.ConnectAsync(upstream);
            var fleet = new FleetRunner(_options.Nodes, "127.0.0.1", local.Port, _options.Speed, _options.Seed, _options.WifiShare);
            TimeSpan duration = _options.Seconds > 0 ? TimeSpan.FromSeconds(_options.Seconds) : TimeSpan.MaxValue;
            var started = DateTime.UtcNow;
            Task fleetRun = fleet.RunAsync(duration, cancel);
            Task corrupt = SendCorruptFramesAsync(local.Port, fleetRun);
            string header = "[bold]Smile Place demo[/]  gateway [blue]demo-gateway[/] at http://127.0.0.1:" + gateway.HealthPort + "/status · "
                + "Smile Place broker 127.0.0.1:" + local.Port + " · platform broker 127.0.0.1:" + upstream.Port + " (topic smile/v1/#) · "
                + _options.Nodes + " nodes, " + fleet.Nodes.Count(n => n.Wifi) + " on Wi-Fi, fleet time ×" + _options.Speed + " · Ctrl+C stops";

            if (_options.Live)
            {
                await AnsiConsole.Live(LiveView.Render(_ledger, _status, header, DateTime.UtcNow)).AutoClear(false).StartAsync(async live =>
                {
                    while (!fleetRun.IsCompleted)
                    {
                        await RefreshAsync(platform, gateway);
                        live.UpdateTarget(LiveView.Render(_ledger, _status, header + " · " + Elapsed(started), DateTime.UtcNow));
                        await Task.WhenAny(fleetRun, Task.Delay(1000));
                    }
                });
            }
            else
            {
                while (!fleetRun.IsCompleted)
                {
                    await Task.WhenAny(fleetRun, Task.Delay(5000));
                    await RefreshAsync(platform, gateway);
                    Console.WriteLine(Elapsed(started) + ": " + _ledger.Measurements + " measurements from " + _ledger.Nodes.Count + " nodes, gateway buffer "
                        + _status?["buffer_messages"] + ", quarantined " + _status?["quarantine_rows"]);
                }
            }

            await fleetRun.ContinueWith(_ => { }, TaskScheduler.Default);
            await corrupt;
            int lost = await DrainAsync(fleet, platform, gateway, TimeSpan.FromSeconds(cancel.IsCancellationRequested ? 5 : 60));
            gateway.Terminate();
            local.Stop();
            upstream.Stop();
            return _options.Seconds > 0 && lost > 0 ? 1 : 0;
        }

        private static string Elapsed(DateTime started) => (DateTime.UtcNow - started).ToString(@"hh\:mm\:ss");

        private async Task RefreshAsync(PlatformSubscriber platform, GatewayProcess gateway)
        {
            while (platform.Messages.TryDequeue(out var message))
            {
                _ledger.Add(message.Message, message.ArrivedAt);
            }

            try
            {
                _status = await gateway.StatusAsync();
            }
            catch (Exception e) when (e is System.Net.Http.HttpRequestException or TaskCanceledException)
            {
                _status = null;
            }
        }

        /// <summary>
        /// Waits for every acknowledged sample to arrive (briefly after Ctrl+C: the terminal's SIGINT reached the
        /// brokers and the gateway too, which stop on it), then prints the summary; returns the number lost.
        /// </summary>
        private async Task<int> DrainAsync(FleetRunner fleet, PlatformSubscriber platform, GatewayProcess gateway, TimeSpan wait)
        {
            HashSet<(string, int, int, int)> expected = StreamLedger.Expected(fleet.Published);
            var deadline = DateTime.UtcNow + wait;
            List<(string Node, int Boot, int Seq, int Sample)> lost;
            do
            {
                await RefreshAsync(platform, gateway);
                lost = _ledger.Lost(fleet.Published);
                if (lost.Count == 0 && _ledger.DeadLetters >= _corruptSent)
                {
                    break;
                }

                await Task.Delay(500);
            }
            while (DateTime.UtcNow < deadline);

            int wifiNodes = fleet.Nodes.Count(n => n.Wifi);
            var summary = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]").AddColumns("", "count");
            summary.AddRow("nodes (Wi-Fi / LoRaWAN)", wifiNodes + " / " + (fleet.Nodes.Count - wifiNodes));
            summary.AddRow("frames in (acknowledged by the Smile Place broker)", (fleet.Published.Count + _corruptSent).ToString());
            summary.AddRow("  of them corrupted on purpose", _corruptSent.ToString());
            summary.AddRow("samples sent", expected.Count.ToString());
            summary.AddRow("messages out (received by the integrator)", (_ledger.Measurements + _ledger.StatusMessages + _ledger.DeadLetters).ToString());
            summary.AddRow("samples lost", lost.Count == 0 ? "[green]0[/]" : "[red]" + lost.Count + "[/]");
            summary.AddRow("duplicates received (same message id)", _ledger.Duplicates.ToString());
            summary.AddRow("quarantined by the gateway", (_status?["quarantine_rows"] ?? 0).ToString());
            summary.AddRow("samples still buffered on nodes", fleet.Nodes.Sum(n => n.Buffered).ToString());
            AnsiConsole.Write(summary);
            foreach (var missing in lost.Take(10))
            {
                Console.WriteLine("lost: " + missing);
            }

            Console.WriteLine("summary: in=" + (fleet.Published.Count + _corruptSent) + " samples=" + expected.Count + " out=" + (_ledger.Measurements + _ledger.StatusMessages + _ledger.DeadLetters)
                + " lost=" + lost.Count + " duplicates=" + _ledger.Duplicates + " quarantined=" + (_status?["quarantine_rows"] ?? 0));
            return lost.Count;
        }

        /// <summary>A node with a broken radio path: every 10 s one frame whose field value is out of range.</summary>
        private async Task SendCorruptFramesAsync(int port, Task fleetRun)
        {
            await using FramePublisher node = await FramePublisher.ConnectAsync(port, BrokenNode);
            byte[] corrupted = Convert.FromHexString("200010ebfce4e1e40eac");
            while (!fleetRun.IsCompleted)
            {
                await Task.WhenAny(fleetRun, Task.Delay(10_000));
                if (!fleetRun.IsCompleted)
                {
                    await node.PublishRawAsync("smile/up/" + BrokenNode, corrupted);
                    _corruptSent++;
                }
            }
        }
    }
}
