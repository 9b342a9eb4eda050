using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.Place;
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
        private readonly int _port;
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
            _port = port;
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
            await using FramePublisher chirpStack = await FramePublisher.ConnectAsync(_port, "chirpstack-sim");

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
                        acks.Add(await PublishAsync(chirpStack, node.NodeId, hex, node.Uplink, cancel));
                    }
                }

                await Task.Delay(20, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await Task.WhenAll(_waking.Values).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(acks);
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

        private async Task<Task> PublishAsync(FramePublisher chirpStack, string devEui, string hex, LoRaLinkQuality link, CancellationToken cancel)
        {
            long fCnt = _fCnt.TryGetValue(devEui, out long f) ? f : 0;
            _fCnt[devEui] = fCnt + 1;
            var uplink = new PreparedPublish(NetworkServerEvents.ChirpStackTopic(devEui), NetworkServerEvents.ChirpStackUp(devEui, fCnt, Convert.FromHexString(hex), rssi: (int)link.RssiDbm, snr: link.SnrDb), _chirpStackQoS);
            Task acked = await chirpStack.SendAsync(uplink, cancel);
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
