using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.Place;

namespace Smile.Bench
{
    /// <summary>The platform's side: every (node, sequence) that arrived upstream, when, and how often.</summary>
    public sealed class Arrivals : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly Shape _shape;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _reading;
        private long _total;

        public enum Shape
        {
            /// <summary>The frame itself on smile/up/{node} (the bridge).</summary>
            RawFrame,

            /// <summary>smile.measurement.v1 (the gateway): node_id and frame.seq.</summary>
            Normalized,

            /// <summary>The Node-RED flow's JSON: node_id and seq.</summary>
            NodeRed,
        }

        private Arrivals(MqttClient client, Shape shape)
        {
            _client = client;
            _shape = shape;
            _reading = Task.Run(ReadAsync);
        }

        public ConcurrentDictionary<(string Node, int Seq), long> FirstArrival { get; } = new ConcurrentDictionary<(string, int), long>();

        public long Total => Interlocked.Read(ref _total);

        public long Duplicates => Total - FirstArrival.Count;

        /// <summary>Repeats that carry a different message_id than the first (a consumer could not drop them); peers have no ids.</summary>
        public long DuplicatesWithoutSharedId => _shape == Shape.Normalized ? Interlocked.Read(ref _unshared) : Duplicates;

        private readonly ConcurrentDictionary<(string, int), string> _ids = new ConcurrentDictionary<(string, int), string>();
        private long _unshared;

        public static async Task<Arrivals> StartAsync(Mosquitto upstream, string filter, Shape shape)
        {
            // A persistent session: when the platform's broker restarts, what is published before this client is back
            // waits for it, so the count measures the system under test, not the subscriber's reconnect.
            var client = new MqttClient(new MqttClientOptions { Port = upstream.Port, ClientId = "bench-platform", CleanSession = false, MaxInflight = 1000,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(1) });
            await client.SubscribeAsync(filter, QoS.AtLeastOnce);
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("platform subscriber not connected: " + client.LastError);
            }

            return new Arrivals(client, shape);
        }

        /// <summary>Waits for the last arrival: until expected frames arrived, or nothing new came for the quiet time.</summary>
        public async Task WaitAsync(int expected, TimeSpan quietTime)
        {
            long seen = -1;
            var quiet = Stopwatch.StartNew();
            while (FirstArrival.Count < expected && quiet.Elapsed < quietTime)
            {
                await Task.Delay(100);
                if (Total != seen)
                {
                    seen = Total;
                    quiet.Restart();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
            await _client.DisposeAsync();
        }

        private async Task ReadAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                MqttMessage message;
                try
                {
                    message = await _client.Messages.ReadAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
                {
                    return;
                }

                long now = Stopwatch.GetTimestamp();
                if (Key(message, out string? id) is (string, int) key)
                {
                    Interlocked.Increment(ref _total);
                    FirstArrival.TryAdd(key, now);
                    if (id != null && _ids.GetOrAdd(key, id) != id)
                    {
                        Interlocked.Increment(ref _unshared);
                    }
                }

                await _client.AckAsync(message);
            }
        }

        private (string, int)? Key(MqttMessage message, out string? id)
        {
            id = null;
            if (_shape == Shape.RawFrame)
            {
                byte[] frame = message.Payload;
                return frame.Length >= 3 ? (message.Topic.Substring(message.Topic.LastIndexOf('/') + 1), frame[1] << 4 | frame[2] >> 4) : null;
            }

            using JsonDocument json = JsonDocument.Parse(Encoding.UTF8.GetString(message.Payload));
            JsonElement root = json.RootElement;
            if (!root.TryGetProperty("node_id", out JsonElement node))
            {
                return null;
            }

            if (_shape == Shape.Normalized)
            {
                string schema = root.GetProperty("schema").GetString()!;
                id = root.GetProperty("message_id").GetString();
                return root.TryGetProperty("frame", out JsonElement f) && (schema == "smile.measurement.v1" || schema == "smile.node-status.v1")
                    ? (node.GetString()!, f.GetProperty("seq").GetInt32()) : null;
            }

            return root.TryGetProperty("seq", out JsonElement seq) ? (node.GetString()!, seq.GetInt32()) : null;
        }
    }
}
