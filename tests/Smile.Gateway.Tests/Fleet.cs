using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Mqtt;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Publishes frames of many nodes to the local broker at QoS 1, as Wi-Fi nodes (binary) or through ChirpStack
    /// (JSON), and remembers which ones the broker acknowledged: what the gateway must deliver.
    /// </summary>
    public sealed class Fleet : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly FrameEncoder _encoder = new FrameEncoder();
        private readonly Dictionary<string, int> _sequence = new Dictionary<string, int>();

        private Fleet(MqttClient client) => _client = client;

        public ConcurrentDictionary<(string Node, int Sequence), bool> Acknowledged { get; } = new ConcurrentDictionary<(string, int), bool>();

        /// <summary>
        /// The QoS of ChirpStack events: 1, as the ChirpStack settings of docs/operations.md make it; ChirpStackQosTests also play
        /// ChirpStack's own default, 0 (then "acknowledged" means written to the socket: QoS 0 has no acknowledgement).
        /// </summary>
        public QoS ChirpStackQoS { get; set; } = QoS.AtLeastOnce;

        public static async Task<Fleet> ConnectAsync(Mosquitto local, string clientId = "fleet")
        {
            var client = new MqttClient(new MqttClientOptions
            {
                Port = local.Port,
                ClientId = clientId,
                MaxInflight = 200,
                KeepAliveSeconds = 5,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            });
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("fleet not connected: " + client.LastError);
            }

            return new Fleet(client);
        }

        public static string WifiNode(int i) => "node-" + i.ToString("D3");

        public static string LoraNode(int i) => "70b3d57ed0" + i.ToString("x6");

        /// <summary>Sends the next frame of the node; the task completes when the broker acknowledged it.</summary>
        public async Task<Task> SendAsync(string node, bool viaChirpStack, CancellationToken cancel = default)
        {
            int seq = _sequence.TryGetValue(node, out int s) ? s : 0;
            _sequence[node] = seq + 1;
            byte[] frame = Frame(seq, seq % 30);
            string topic;
            byte[] payload;
            if (viaChirpStack)
            {
                topic = "application/app-1/device/" + node + "/event/up";
                var json = new JsonObject
                {
                    ["deduplicationId"] = Guid.NewGuid().ToString(),
                    ["deviceInfo"] = new JsonObject { ["devEui"] = node },
                    ["fCnt"] = seq,
                    ["fPort"] = 1,
                    ["data"] = Convert.ToBase64String(frame),
                    ["rxInfo"] = new JsonArray(new JsonObject { ["gatewayId"] = "0016c001f153a14c", ["rssi"] = -80 - seq % 30, ["snr"] = 7.5 }),
                };
                payload = Encoding.UTF8.GetBytes(json.ToJsonString());
            }
            else
            {
                topic = "smile/up/" + node;
                payload = frame;
            }

            Task acked = await _client.EnqueuePublishAsync(topic, payload, viaChirpStack ? ChirpStackQoS : QoS.AtLeastOnce, false, cancel);
            return acked.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    Acknowledged[(node, seq)] = true;
                }
            }, TaskScheduler.Default);
        }

        public Task PublishRawAsync(string topic, byte[] payload) => _client.PublishAsync(topic, payload, QoS.AtLeastOnce, false);

        /// <summary>A standard frame: sequence number, and a temperature that moves with it.</summary>
        public byte[] Frame(int sequence, int age)
        {
            var sample = new Sample { Time = -age };
            sample.SetValue(Fields.Temperature, 15 + (sequence % 100) / 10.0);
            sample.SetValue(Fields.Humidity, 60);
            sample.SetValue(Fields.Pressure, 1010);
            sample.Set(Fields.Presence, sequence % 2);
            sample.Set(Fields.MotionCount, sequence % 7);
            sample.SetValue(Fields.Battery, 3.7);
            var frame = new Frame { Type = FrameFormat.TypeMeasurement, Sequence = sequence & 0xFFF, Boot = 1, Samples = new[] { sample }, SampleCount = 1 };
            return _encoder.EncodeToArray(frame, 64, new EncodeResult())!;
        }

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }
}
