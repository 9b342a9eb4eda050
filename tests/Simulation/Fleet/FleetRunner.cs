using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.World;

namespace Smile.Simulation.Fleet
{
    /// <summary>
    /// Runs N simulated nodes in fleet time (speed × real time). LoRaWAN nodes: the runner plays the network, so
    /// what a node's modem transmits reaches the local broker as a ChirpStack v4 "up" event, at QoS 0 unless told
    /// otherwise: ChirpStack's [integration.mqtt] qos defaults to 0 (chirpstack/src/config.rs), and an installation
    /// gets QoS 1 only when its chirpstack.toml says qos=1. Wi-Fi nodes connect to the broker themselves (the firmware's M2Mqtt link), each wake on its own
    /// thread, since a wake blocks on the network as it does on the device.
    /// </summary>
    public sealed class FleetRunner
    {
        private readonly List<SimulatedNode> _nodes = new List<SimulatedNode>();
        private readonly MqttClient _broker;
        private readonly double _speed;
        private readonly Dictionary<string, long> _fCnt = new Dictionary<string, long>();

        private readonly Dictionary<SimulatedNode, Task> _waking = new Dictionary<SimulatedNode, Task>();
        private readonly QoS _chirpStackQoS;

        /// <param name="nodes">How many nodes the fleet has.</param>
        /// <param name="host">The Smile Place broker's host.</param>
        /// <param name="port">The Smile Place broker's port.</param>
        /// <param name="speed">Fleet seconds per real second.</param>
        /// <param name="seed">Seeds every node's randomness, so a run can be repeated.</param>
        /// <param name="wifiShare">The share of Wi-Fi nodes, 0 to 1, spread through the fleet.</param>
        /// <param name="chirpStackQoS">The simulated ChirpStack's [integration.mqtt] qos: 0 as installed, 1 as docs/operations.md configures it.</param>
        public FleetRunner(int nodes, string host, int port, double speed, int seed, double wifiShare = 0, QoS chirpStackQoS = QoS.AtMostOnce)
        {
            _chirpStackQoS = chirpStackQoS;
            var random = new Random(seed);
            World = new SmilePlaceWorld(seed, SmilePlaceWorld.LateAutumnMorningUtc);
            for (int i = 0; i < nodes; i++)
            {
                bool wifi = Math.Floor((i + 1) * wifiShare) > Math.Floor(i * wifiShare);
                string fault = i % 10 < 6 || i % 10 == 9 ? "none"
                    : wifi ? (i % 10 == 8 ? SimulatedNode.WifiFaults[0] : "none")
                    : SimulatedNode.LoRaFaults[i % 10 - 6];
                _nodes.Add(new SimulatedNode(i, new Random(random.Next()), fault, wifi, host, port, World));
            }

            _speed = speed;
            _broker = new MqttClient(new MqttClientOptions { Host = host, Port = port, ClientId = "chirpstack-sim", MaxInflight = 200 });
        }

        public IReadOnlyList<SimulatedNode> Nodes => _nodes;

        /// <summary>The environment the nodes measure, from the same seed.</summary>
        public SmilePlaceWorld World { get; }

        /// <summary>
        /// Frames the broker acknowledged, or at QoS 0 that the simulated ChirpStack wrote to its socket: (node id or DevEUI,
        /// hex payload). Wi-Fi resends appear again.
        /// </summary>
        public List<(string NodeId, string Hex)> Published { get; } = new List<(string, string)>();

        public async Task RunAsync(TimeSpan duration, CancellationToken cancel)
        {
            _broker.Start();
            if (!await _broker.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new InvalidOperationException("no broker: " + _broker.LastError);
            }

            var clock = Stopwatch.StartNew();
            var acks = new List<Task>();
            while (clock.Elapsed < duration && !cancel.IsCancellationRequested)
            {
                long fleetSeconds = (long)(clock.Elapsed.TotalSeconds * _speed);
                foreach (SimulatedNode node in _nodes)
                {
                    if (node.NextWakeSeconds > fleetSeconds || IsAwake(node))
                    {
                        continue;
                    }

                    if (node.Wifi)
                    {
                        _waking[node] = Task.Factory.StartNew(() => Record(node, node.Wake(fleetSeconds)), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                        continue;
                    }

                    foreach (string hex in node.Wake(fleetSeconds))
                    {
                        acks.Add(await PublishAsync(node.NodeId, hex, node.Uplink, cancel));
                    }
                }

                await Task.Delay(20, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await Task.WhenAll(_waking.Values).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(acks);
            await _broker.DisposeAsync();
        }

        private bool IsAwake(SimulatedNode node) => _waking.TryGetValue(node, out Task? wake) && !wake.IsCompleted;

        private void Record(SimulatedNode node, string[] frames)
        {
            lock (Published)
            {
                foreach (string hex in frames)
                {
                    Published.Add((node.NodeId, hex));
                }
            }
        }

        private async Task<Task> PublishAsync(string devEui, string hex, LoRaLinkQuality link, CancellationToken cancel)
        {
            long fCnt = _fCnt.TryGetValue(devEui, out long f) ? f : 0;
            _fCnt[devEui] = fCnt + 1;
            var uplink = new JsonObject
            {
                ["deduplicationId"] = Guid.NewGuid().ToString(),
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["deviceInfo"] = new JsonObject { ["applicationId"] = "fleet", ["deviceName"] = devEui, ["devEui"] = devEui },
                ["fCnt"] = fCnt,
                ["fPort"] = 1,
                ["data"] = Convert.ToBase64String(Convert.FromHexString(hex)),
                ["rxInfo"] = new JsonArray(new JsonObject { ["gatewayId"] = "0016c001f1500001", ["rssi"] = (int)link.RssiDbm, ["snr"] = link.SnrDb }),
            };
            byte[] payload = System.Text.Encoding.UTF8.GetBytes(uplink.ToJsonString());
            Task acked = await _broker.EnqueuePublishAsync("application/fleet/device/" + devEui + "/event/up", payload, _chirpStackQoS, false, cancel);
            return acked.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    lock (Published)
                    {
                        Published.Add((devEui, hex));
                    }
                }
            }, TaskScheduler.Default);
        }
    }
}
