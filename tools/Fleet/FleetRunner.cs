using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Fleet
{
    /// <summary>
    /// Runs N simulated nodes in fleet time (speed × real time) and plays the LoRaWAN network: what a node's modem
    /// transmits reaches the local broker as a ChirpStack v4 "up" event, at QoS 1, as ChirpStack publishes it.
    /// </summary>
    public sealed class FleetRunner
    {
        private readonly List<SimulatedNode> _nodes = new List<SimulatedNode>();
        private readonly MqttClient _broker;
        private readonly double _speed;
        private readonly Dictionary<string, long> _fCnt = new Dictionary<string, long>();

        public FleetRunner(int nodes, string host, int port, double speed, int seed)
        {
            var random = new Random(seed);
            string[] faults = { "none", "none", "none", "none", "none", "none", "join-failures", "low-data-rate", "modem-outage", "none" };
            for (int i = 0; i < nodes; i++)
            {
                _nodes.Add(new SimulatedNode(i, new Random(random.Next()), faults[i % faults.Length]));
            }

            _speed = speed;
            _broker = new MqttClient(new MqttClientOptions { Host = host, Port = port, ClientId = "chirpstack-sim", MaxInflight = 200 });
        }

        public IReadOnlyList<SimulatedNode> Nodes => _nodes;

        /// <summary>Uplinks the broker acknowledged: (DevEUI, hex payload).</summary>
        public List<(string DevEui, string Hex)> Published { get; } = new List<(string, string)>();

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
                    if (node.NextWakeSeconds > fleetSeconds)
                    {
                        continue;
                    }

                    foreach (string hex in node.Wake(fleetSeconds))
                    {
                        acks.Add(await PublishAsync(node.DevEui, hex, cancel));
                    }
                }

                await Task.Delay(20, cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await Task.WhenAll(acks);
            await _broker.DisposeAsync();
        }

        private async Task<Task> PublishAsync(string devEui, string hex, CancellationToken cancel)
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
                ["rxInfo"] = new JsonArray(new JsonObject { ["gatewayId"] = "0016c001f1500001", ["rssi"] = -97, ["snr"] = 7.0 }),
            };
            byte[] payload = System.Text.Encoding.UTF8.GetBytes(uplink.ToJsonString());
            Task acked = await _broker.EnqueuePublishAsync("application/fleet/device/" + devEui + "/event/up", payload, QoS.AtLeastOnce, false, cancel);
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
