using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// The city platform's side: subscribes upstream at QoS 1 with a persistent session (what is published while its
    /// broker restarts waits for it, so counts measure the system under test, not this client's reconnect) and
    /// records every (node, sequence) that arrived, when, and how often; tests and the demo also keep every message,
    /// parsed. MQTT 3.1.1 on one socket read by a thread of its own, PUBACKs for all that one read brought written
    /// at once: the benchmark's subscriber must not be what limits a run.
    /// </summary>
    public sealed class PlatformSubscriber : IAsyncDisposable
    {
        private const string ClientId = "platform";

        private readonly int _port;
        private readonly string _filter;
        private readonly Shape _shape;
        private readonly bool _keepMessages;
        private readonly ConcurrentDictionary<(string, int), string> _ids;
        private readonly Thread _reader;
        private readonly ManualResetEventSlim _subscribed = new ManualResetEventSlim();
        private Socket _socket;
        private volatile bool _disposed;
        private long _total;
        private long _unshared;
        private int _readerTid;

        public enum Shape
        {
            /// <summary>smile.measurement.v1 and smile.node-status.v1 (the gateway): node_id and frame.seq.</summary>
            Normalized,

            /// <summary>The frame itself on smile/up/{node} (the bridge, or the broker alone).</summary>
            RawFrame,

            /// <summary>The Node-RED flow's JSON: node_id and seq.</summary>
            NodeRed,
        }

        private PlatformSubscriber(int port, string filter, Shape shape, bool keepMessages, Socket socket, int expected)
        {
            // Sized for the run up front: grown on the way, a dictionary copies every entry into new nodes, and the
            // collection after it paused this reader for hundreds of milliseconds in a 10-minute soak.
            _ids = new ConcurrentDictionary<(string, int), string>(Environment.ProcessorCount, expected);
            FirstArrival = new ConcurrentDictionary<(string, int), long>(Environment.ProcessorCount, expected);
            _port = port;
            _filter = filter;
            _shape = shape;
            _keepMessages = keepMessages;
            _socket = socket;
            _reader = new Thread(Read) { IsBackground = true, Name = "platform subscriber" };
            _reader.Start();
        }

        /// <summary>Every message with its arrival time, when kept (a live consumer takes them off the queue).</summary>
        public ConcurrentQueue<(string Topic, JsonObject Message, DateTime ArrivedAt, string Raw)> Messages { get; } = new ConcurrentQueue<(string, JsonObject, DateTime, string)>();

        /// <summary>Stopwatch timestamp of the first arrival of each (node, sequence).</summary>
        public ConcurrentDictionary<(string Node, int Sequence), long> FirstArrival { get; }

        public long Total => Interlocked.Read(ref _total);

        public long Duplicates => Total - FirstArrival.Count;

        /// <summary>Repeats that carry a different message_id than the first (a consumer could not drop them); peers have no ids.</summary>
        public long DuplicatesWithoutSharedId => _shape == Shape.Normalized ? Interlocked.Read(ref _unshared) : Duplicates;

        /// <summary>CPU time of the subscriber's thread: part of the instrument's cost.</summary>
        public TimeSpan CpuTime => TimeSpan.FromSeconds(ThreadCpu.Ticks(_readerTid) / ThreadCpu.TicksPerSecond);

        /// <param name="keepMessages">Keep every message parsed (tests, demo); the benchmark only counts arrivals.</param>
        /// <param name="expected">Messages the run will bring, for the dictionaries' first size (a benchmark's frames).</param>
        public static async Task<PlatformSubscriber> ConnectAsync(Mosquitto upstream, string filter = "smile/v1/#", Shape shape = Shape.Normalized, bool keepMessages = true, int expected = 31)
        {
            Socket socket = await Task.Run(() => MqttWire.Connect(upstream.Port, ClientId, cleanSession: false));
            MqttWire.Subscribe(socket, filter, 1);
            var subscriber = new PlatformSubscriber(upstream.Port, filter, shape, keepMessages, socket, expected);
            if (!await Task.Run(() => subscriber._subscribed.Wait(TimeSpan.FromSeconds(10))))
            {
                await subscriber.DisposeAsync();
                throw new TimeoutException("platform subscriber: no SUBACK");
            }

            return subscriber;
        }

        public IEnumerable<JsonObject> OfSchema(string schema) => Messages.Where(m => (string?)m.Message["schema"] == schema).Select(m => m.Message);

        /// <summary>(node, sequence) of every measurement that arrived.</summary>
        public HashSet<(string Node, int Sequence)> Measured() =>
            OfSchema("smile.measurement.v1").Select(m => ((string)m["node_id"]!, (int)m["frame"]!["seq"]!)).ToHashSet();

        public async Task<bool> WaitForAsync(Func<PlatformSubscriber, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (condition(this))
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return condition(this);
        }

        /// <summary>Waits for the last arrival: until expected (node, sequence) pairs arrived, or nothing new came for the quiet time.</summary>
        public async Task WaitArrivalsAsync(int expected, TimeSpan quietTime)
        {
            long seen = -1;
            var quiet = Stopwatch.StartNew();
            while (FirstArrival.Count < expected && quiet.Elapsed < quietTime)
            {
                await Task.Delay(20);
                if (Total != seen)
                {
                    seen = Total;
                    quiet.Restart();
                }
            }
        }

        /// <summary>Duplicates are allowed only as the same message: one message id per (node, boot, sequence, sample).</summary>
        public List<string> DuplicatesWithDifferentIds() => OfSchema("smile.measurement.v1")
            .GroupBy(m => (string)m["node_id"]! + "/" + m["frame"]!["boot"] + "/" + m["frame"]!["seq"] + "/" + m["frame"]!["sample"])
            .Where(g => g.Select(m => (string)m["message_id"]!).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();

        public void WriteJsonLines(string path) => File.WriteAllLines(path, Messages.Select(m => m.Raw));

        public async ValueTask DisposeAsync()
        {
            _disposed = true;
            try
            {
                _socket.Send(MqttWire.Disconnect);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }

            _socket.Dispose();
            await Task.Run(() => _reader.Join());
        }

        /// <summary>Reads until disposed: records every PUBLISH of a read, then acknowledges them in one write; reconnects when the broker goes away.</summary>
        private void Read()
        {
            _readerTid = ThreadCpu.CurrentTid();
            var buffer = new byte[256 * 1024];
            var acks = new byte[64 * 1024];
            int kept = 0;
            while (!_disposed)
            {
                int read = MqttWire.Receive(_socket, buffer, kept, () => Send(MqttWire.PingRequest, MqttWire.PingRequest.Length));
                if (read < 0)
                {
                    continue;
                }

                if (read == 0)
                {
                    kept = 0;
                    Reconnect();
                    continue;
                }

                int length = kept + read;
                int at = 0;
                int ackLength = 0;
                long now = Stopwatch.GetTimestamp();
                while (MqttWire.TryPacket(buffer, at, length, out int body, out int bodyLength))
                {
                    if (buffer[at] >> 4 == 3)
                    {
                        int qos = buffer[at] >> 1 & 3;
                        int topicLength = buffer[body] << 8 | buffer[body + 1];
                        string topic = Encoding.UTF8.GetString(buffer, body + 2, topicLength);
                        int payloadAt = body + 2 + topicLength + (qos > 0 ? 2 : 0);
                        Record(topic, new ReadOnlySpan<byte>(buffer, payloadAt, body + bodyLength - payloadAt), now);
                        if (qos > 0)
                        {
                            if (ackLength + 4 > acks.Length)
                            {
                                Send(acks, ackLength);
                                ackLength = 0;
                            }

                            acks[ackLength++] = 0x40;
                            acks[ackLength++] = 2;
                            acks[ackLength++] = buffer[body + 2 + topicLength];
                            acks[ackLength++] = buffer[body + 3 + topicLength];
                        }
                    }
                    else if (buffer[at] >> 4 == 9)
                    {
                        _subscribed.Set();
                    }

                    at = body + bodyLength;
                }

                Send(acks, ackLength);
                kept = length - at;
                Buffer.BlockCopy(buffer, at, buffer, 0, kept);
                if (kept == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // one packet larger than the buffer
                }
            }
        }

        private void Send(byte[] bytes, int length)
        {
            try
            {
                _socket.Send(bytes, 0, length, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The next receive sees the connection gone and reconnects; the broker sends unacknowledged messages again.
            }
        }

        /// <summary>Connects again with the same session until the broker is back, and subscribes again (a broker without the session's store forgot it).</summary>
        private void Reconnect()
        {
            _socket.Dispose();
            while (!_disposed)
            {
                try
                {
                    _socket = MqttWire.Connect(_port, ClientId, cleanSession: false);
                    MqttWire.Subscribe(_socket, _filter, 1);
                    return;
                }
                catch (Exception e) when (e is SocketException or IOException)
                {
                    Thread.Sleep(50);
                }
            }
        }

        private void Record(string topic, ReadOnlySpan<byte> payload, long now)
        {
            string? id = null;
            (string, int)? key;
            if (_shape == Shape.RawFrame)
            {
                key = payload.Length >= 3 ? (topic[(topic.LastIndexOf('/') + 1)..], payload[1] << 4 | payload[2] >> 4) : null;
            }
            else
            {
                try
                {
                    var reader = new Utf8JsonReader(payload);
                    using JsonDocument json = JsonDocument.ParseValue(ref reader);
                    key = Key(json.RootElement, out id);
                    if (_keepMessages && json.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        string raw = Encoding.UTF8.GetString(payload);
                        Messages.Enqueue((topic, JsonNode.Parse(raw)!.AsObject(), DateTime.UtcNow, raw));
                    }
                }
                catch (JsonException)
                {
                    return; // not what a platform receives from a system under test; nothing to count
                }
            }

            if (key is (string, int) arrived)
            {
                Interlocked.Increment(ref _total);
                FirstArrival.TryAdd(arrived, now);
                if (id != null && _ids.GetOrAdd(arrived, id) != id)
                {
                    Interlocked.Increment(ref _unshared);
                }
            }
        }

        private (string, int)? Key(JsonElement root, out string? id)
        {
            id = null;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("node_id", out JsonElement node))
            {
                return null;
            }

            if (_shape == Shape.Normalized)
            {
                string? schema = root.TryGetProperty("schema", out JsonElement s) ? s.GetString() : null;
                id = root.TryGetProperty("message_id", out JsonElement m) ? m.GetString() : null;
                return root.TryGetProperty("frame", out JsonElement f) && (schema == "smile.measurement.v1" || schema == "smile.node-status.v1")
                    ? (node.GetString()!, f.GetProperty("seq").GetInt32()) : null;
            }

            return root.TryGetProperty("seq", out JsonElement seq) ? (node.GetString()!, seq.GetInt32()) : null;
        }
    }
}
