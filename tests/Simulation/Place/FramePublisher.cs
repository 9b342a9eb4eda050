using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// Publishes frames of many nodes to a local broker, as Wi-Fi nodes (binary on smile/up/{node}) or through a
    /// network server (ChirpStack JSON), and remembers which ones the broker acknowledged: what the system under test
    /// must deliver. MQTT 3.1.1 on one socket, written for the benchmark's sake: packets encoded before the run
    /// (only the packet id is patched), many packets per socket write, a window of packet ids in flight, PUBACKs read
    /// on a thread of its own; nothing allocated per message while streaming, so the instrument is not what limits a
    /// run. When the broker goes away it connects again and sends what was in flight again (DUP), as a node would.
    /// </summary>
    public sealed class FramePublisher : IAsyncDisposable
    {
        private const int BatchBytes = 64 * 1024;

        private readonly int _port;
        private readonly string _clientId;
        private readonly int _window;
        private readonly object _gate = new object(); // the window: packet ids in flight
        private readonly object _sending = new object(); // one writer on the socket; a reconnect holds it
        private readonly PreparedPublish?[] _inFlight = new PreparedPublish?[65536];
        private readonly byte[] _batch = new byte[BatchBytes];
        private readonly List<PreparedPublish> _published = new List<PreparedPublish>();
        private readonly Dictionary<string, int> _sequence = new Dictionary<string, int>();
        private readonly Thread _reader;
        private Socket _socket;
        private int _inFlightCount;
        private int _wanted = int.MaxValue; // free slots the writer waits for
        private int _nextId;
        private long _sendOrder;
        private volatile bool _disposed;
        private long _writerCpuTicks;
        private int _readerTid;

        private FramePublisher(int port, string clientId, int window, Socket socket)
        {
            _port = port;
            _clientId = clientId;
            _window = window;
            _socket = socket;
            _reader = new Thread(ReadAcks) { IsBackground = true, Name = "publisher acks" };
            _reader.Start();
        }

        /// <summary>
        /// The QoS of ChirpStack events: 1, as the README's ChirpStack settings make it; tests also play ChirpStack's own
        /// default, 0 (then "acknowledged" means written to the socket: QoS 0 has no acknowledgement).
        /// </summary>
        public QoS ChirpStackQoS { get; set; } = QoS.AtLeastOnce;

        /// <summary>CPU time of the publisher's own threads (the writer while streaming, the PUBACK reader): the generator's cost.</summary>
        public TimeSpan CpuTime => TimeSpan.FromSeconds((Interlocked.Read(ref _writerCpuTicks) + ThreadCpu.Ticks(_readerTid)) / ThreadCpu.TicksPerSecond);

        /// <param name="window">QoS 1 packets in flight at most (the independent generator and the benchmark use 200).</param>
        public static async Task<FramePublisher> ConnectAsync(Mosquitto local, string clientId = "fleet", int window = 200) =>
            await ConnectAsync(local.Port, clientId, window);

        public static async Task<FramePublisher> ConnectAsync(int port, string clientId = "fleet", int window = 200)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                try
                {
                    return new FramePublisher(port, clientId, window, await Task.Run(() => MqttWire.Connect(port, clientId, cleanSession: true)));
                }
                catch (Exception e) when (e is SocketException or IOException && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }

        /// <summary>Every node frame sent so far whose broker acknowledged it, as (node, sequence).</summary>
        public HashSet<(string Node, int Sequence)> Acknowledged()
        {
            lock (_gate)
            {
                return _published.Where(p => p.Node != null && p.Acknowledged).Select(p => (p.Node!, p.Sequence)).ToHashSet();
            }
        }

        /// <summary>
        /// Streams on a thread of its own (a blocking writer must not hold a pool thread), then waits up to a minute
        /// for the acknowledgements of what was sent (a broker restarted meanwhile gets the packets in flight again).
        /// </summary>
        public async Task StreamAsync(IReadOnlyList<PreparedPublish> messages, double ratePerSecond = 0, Func<bool>? stop = null)
        {
            await Task.Factory.StartNew(() => Stream(messages, ratePerSecond, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await WaitAcknowledgedAsync(TimeSpan.FromSeconds(60));
        }

        /// <summary>Sends the next frame of the node; the returned task completes when the broker acknowledged it.</summary>
        public Task<Task> SendAsync(string node, bool viaChirpStack, CancellationToken cancel = default)
        {
            int sequence;
            lock (_sequence)
            {
                sequence = _sequence.TryGetValue(node, out int s) ? s : 0;
                _sequence[node] = sequence + 1;
            }

            byte[] frame = StandardFrames.Measurement(sequence, sequence % 30);
            PreparedPublish message = viaChirpStack
                ? new PreparedPublish(NetworkServerEvents.ChirpStackTopic(node), NetworkServerEvents.ChirpStackUp(node, sequence, frame, rssi: -80 - sequence % 30, snr: 7.5), ChirpStackQoS, node, sequence)
                : new PreparedPublish("smile/up/" + node, frame, QoS.AtLeastOnce, node, sequence);
            return SendAsync(message, cancel);
        }

        /// <summary>Any bytes on any topic (malformed frames, hand-made events); not counted among the node frames.</summary>
        public async Task PublishRawAsync(string topic, byte[] payload, QoS qos = QoS.AtLeastOnce) =>
            await await SendAsync(new PreparedPublish(topic, payload, qos));

        /// <summary>One message: the outer task completes when it is written (a window slot was free), the inner on its acknowledgement.</summary>
        public async Task<Task> SendAsync(PreparedPublish message, CancellationToken cancel = default)
        {
            message.Completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var one = new[] { message };
            await Task.Run(() =>
            {
                while (SendBatch(one, 0, 1) == 0 && !_disposed)
                {
                    cancel.ThrowIfCancellationRequested();
                }
            }, cancel);
            return message.Completion.Task;
        }

        public async ValueTask DisposeAsync()
        {
            _disposed = true; // first: a reconnect that waits for the broker gives up and lets go of the socket
            lock (_sending)
            {
                try
                {
                    _socket.Send(MqttWire.Disconnect); // a clean goodbye
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already gone.
                }

                _socket.Dispose();
            }

            lock (_gate)
            {
                Monitor.PulseAll(_gate);
                foreach (PreparedPublish? waiting in _inFlight)
                {
                    waiting?.Fail(new ObjectDisposedException(nameof(FramePublisher)));
                }
            }

            await Task.Run(() => _reader.Join());
        }

        /// <summary>
        /// Streams prepared packets on the calling thread: as fast as the window allows (ratePerSecond 0) or paced;
        /// returns when all were written or stop says so. Their acknowledgements arrive later.
        /// </summary>
        private void Stream(IReadOnlyList<PreparedPublish> messages, double ratePerSecond = 0, Func<bool>? stop = null)
        {
            long cpuBefore = ThreadCpu.Ticks(ThreadCpu.CurrentTid());
            var clock = Stopwatch.StartNew();
            int next = 0;
            while (next < messages.Count && !_disposed && (stop == null || !stop()))
            {
                int due = ratePerSecond > 0 ? Math.Min(messages.Count, (int)(clock.Elapsed.TotalSeconds * ratePerSecond) + 1) : messages.Count;
                if (due <= next)
                {
                    Thread.Sleep(1);
                    continue;
                }

                next = SendBatch(messages, next, due);
            }

            Interlocked.Add(ref _writerCpuTicks, ThreadCpu.Ticks(ThreadCpu.CurrentTid()) - cpuBefore);
        }

        /// <summary>Waits until nothing is in flight (every QoS 1 packet acknowledged) or the timeout.</summary>
        private async Task<bool> WaitAcknowledgedAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Volatile.Read(ref _inFlightCount) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            return Volatile.Read(ref _inFlightCount) == 0;
        }

        /// <summary>Writes messages[from..to) that fit the window and one socket write; returns the next index.</summary>
        private int SendBatch(IReadOnlyList<PreparedPublish> messages, int from, int to)
        {
            // Wait for a quarter of the window (or all that is left to send) to be free, so one socket write carries
            // many packets and the PUBACK reader wakes this thread once per batch rather than once per PUBACK.
            int wanted = Math.Min(Math.Max(1, _window / 4), to - from);
            lock (_gate)
            {
                while (_window - _inFlightCount < wanted && !_disposed)
                {
                    _wanted = wanted;
                    Monitor.Wait(_gate, 100); // the PUBACK reader pulses; a reconnect is waited out here too
                }

                _wanted = int.MaxValue;
            }

            lock (_sending)
            {
                int length = 0;
                int next = from;
                byte[]? alone = null; // a packet larger than a batch is written by itself
                long now = Stopwatch.GetTimestamp();
                lock (_gate)
                {
                    while (next < to && !_disposed && alone == null)
                    {
                        PreparedPublish message = messages[next];
                        bool qos1 = message.IdOffset >= 0;
                        if ((qos1 && _inFlightCount >= _window) || (length > 0 && length + message.Packet.Length > BatchBytes))
                        {
                            break;
                        }

                        if (qos1)
                        {
                            int id = FreeId();
                            message.SetId(id);
                            _inFlight[id] = message;
                            _inFlightCount++;
                        }

                        message.SentAt = now;
                        message.Order = ++_sendOrder;
                        if (message.Node != null)
                        {
                            _published.Add(message);
                        }

                        if (message.Packet.Length > BatchBytes)
                        {
                            alone = message.Packet;
                        }
                        else
                        {
                            message.Packet.CopyTo(_batch, length);
                            length += message.Packet.Length;
                        }

                        next++;
                    }
                }

                bool written = next > from && (alone != null ? Write(alone, alone.Length) : Write(_batch, length));
                for (int i = from; written && i < next; i++)
                {
                    if (messages[i].IdOffset < 0)
                    {
                        messages[i].Acknowledge();
                    }
                }

                return next;
            }
        }

        /// <summary>A write that fails leaves its QoS 1 packets in flight: the reader's reconnect sends them again.</summary>
        private bool Write(byte[] buffer, int length)
        {
            try
            {
                _socket.Send(buffer, 0, length, SocketFlags.None);
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }

        private int FreeId()
        {
            do
            {
                _nextId = _nextId == 65535 ? 1 : _nextId + 1;
            }
            while (_inFlight[_nextId] != null);
            return _nextId;
        }

        private void ReadAcks()
        {
            _readerTid = ThreadCpu.CurrentTid();
            var buffer = new byte[64 * 1024];
            int kept = 0;
            while (!_disposed)
            {
                int read = MqttWire.Receive(_socket, buffer, kept, Ping);
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

                kept = Acknowledge(buffer, kept + read);
            }
        }

        /// <summary>Takes every whole packet in buffer[0..length): PUBACKs free their packet ids; returns the bytes of a partial packet kept at the start.</summary>
        private int Acknowledge(byte[] buffer, int length)
        {
            int at = 0;
            lock (_gate)
            {
                while (MqttWire.TryPacket(buffer, at, length, out int body, out int bodyLength))
                {
                    if (buffer[at] >> 4 == 4 && bodyLength >= 2) // PUBACK
                    {
                        int id = buffer[body] << 8 | buffer[body + 1];
                        if (_inFlight[id] is PreparedPublish acked)
                        {
                            _inFlight[id] = null;
                            _inFlightCount--;
                            acked.Acknowledge();
                        }
                    }

                    at = body + bodyLength;
                }

                if (_window - _inFlightCount >= _wanted)
                {
                    Monitor.PulseAll(_gate);
                }
            }

            Buffer.BlockCopy(buffer, at, buffer, 0, length - at);
            return length - at;
        }

        private void Ping()
        {
            lock (_sending)
            {
                Write(MqttWire.PingRequest, 2);
            }
        }

        /// <summary>Connects again until the broker is back, then sends what was in flight, oldest first, as duplicates.</summary>
        private void Reconnect()
        {
            lock (_sending)
            {
                _socket.Dispose();
                while (!_disposed)
                {
                    try
                    {
                        _socket = MqttWire.Connect(_port, _clientId, cleanSession: true); // the publisher keeps its own in-flight packets
                        break;
                    }
                    catch (Exception e) when (e is SocketException or IOException)
                    {
                        Thread.Sleep(50);
                    }
                }

                if (_disposed)
                {
                    return;
                }

                PreparedPublish[] again;
                lock (_gate)
                {
                    again = _inFlight.Where(m => m != null).Select(m => m!).OrderBy(m => m.Order).ToArray();
                }

                foreach (PreparedPublish message in again)
                {
                    message.MarkDuplicate();
                    Write(message.Packet, message.Packet.Length);
                }
            }
        }
    }
}
