using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Mqtt;

namespace Smile.Simulation.City
{
    /// <summary>
    /// Wi-Fi nodes' frames, round-robin over many nodes, published at QoS 1 to a Smile Place broker at a steady rate;
    /// remembers which ones the broker acknowledged: what the gateway must deliver to the city.
    /// </summary>
    public sealed class UplinkPublisher : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly FrameEncoder _encoder = new FrameEncoder();
        private readonly string _nodePrefix;

        public UplinkPublisher(int port, string nodePrefix, string clientId = "uplinks")
        {
            _nodePrefix = nodePrefix;
            _client = new MqttClient(new MqttClientOptions
            {
                Port = port,
                ClientId = clientId,
                MaxInflight = 500,
                KeepAliveSeconds = 5,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            });
            _client.Start();
        }

        /// <summary>(node, sequence) of every frame the broker acknowledged.</summary>
        public ConcurrentDictionary<(string Node, int Sequence), bool> Acknowledged { get; } = new ConcurrentDictionary<(string, int), bool>();

        public int Sent { get; private set; }

        /// <summary>Node i's id: letters, digits and '-', which every platform takes in a topic.</summary>
        public string Node(int i) => _nodePrefix + "-" + i.ToString("D3");

        /// <summary>
        /// Sends frames of the given nodes at about perSecond until cancelled or count are sent; a node's sequence
        /// numbers stay below 4096 (12 bits), so count must stay below nodes × 4096.
        /// </summary>
        public async Task RunAsync(int nodes, int perSecond, int count, CancellationToken cancel)
        {
            if (!await _client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("uplink publisher not connected: " + _client.LastError);
            }

            var started = DateTime.UtcNow;
            for (int i = 0; i < count && !cancel.IsCancellationRequested; i++)
            {
                string node = Node(i % nodes);
                int sequence = i / nodes;
                Task acked = await _client.EnqueuePublishAsync("smile/up/" + node, Frame(sequence), QoS.AtLeastOnce, false, cancel);
                _ = acked.ContinueWith(t => Acknowledged[(node, sequence)] = true, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                Sent = i + 1;
                TimeSpan due = TimeSpan.FromSeconds((i + 1) / (double)perSecond) - (DateTime.UtcNow - started);
                if (due > TimeSpan.FromMilliseconds(5))
                {
                    await Task.Delay(due, cancel);
                }
            }
        }

        /// <summary>Waits until every sent frame is acknowledged or the timeout passed.</summary>
        public async Task<bool> WaitAcknowledgedAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_client.PendingPublishes > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            return _client.PendingPublishes == 0;
        }

        public ValueTask DisposeAsync() => _client.DisposeAsync();

        private byte[] Frame(int sequence)
        {
            var sample = new Sample { Time = 0 };
            sample.SetValue(Fields.Temperature, 15 + (sequence % 100) / 10.0);
            sample.SetValue(Fields.Humidity, 60);
            sample.SetValue(Fields.Pressure, 1010);
            sample.Set(Fields.Presence, sequence % 2);
            sample.Set(Fields.MotionCount, sequence % 7);
            sample.SetValue(Fields.Battery, 3.7);
            var frame = new Frame { Type = FrameFormat.TypeMeasurement, Sequence = sequence & 0xFFF, Boot = 1, Samples = new[] { sample }, SampleCount = 1 };
            return _encoder.EncodeToArray(frame, 64, new EncodeResult())!;
        }
    }
}
