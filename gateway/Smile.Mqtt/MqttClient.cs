using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Smile.Mqtt
{
    /// <summary>
    /// MQTT 3.1.1 client for an unattended service. It keeps one connection up (reconnecting with exponential
    /// back-off and full jitter, reset only once a connection proved healthy: see <see cref="ConnectionHealth"/>),
    /// resends unacknowledged QoS 1 publishes after a reconnect, bounds what is in flight in both directions and how
    /// long a write may block, and acknowledges a received QoS 1 message only when the application calls
    /// <see cref="AckAsync(IReadOnlyList{MqttMessage})"/>: after its durable commit. Given the members of a cluster
    /// (<see cref="MqttClientOptions.Members"/>), it moves to the next one whenever a connection fails or is lost.
    /// </summary>
    public sealed partial class MqttClient : IAsyncDisposable
    {
        private readonly MqttClientOptions _options;
        private readonly ILogger _log;
        private readonly Channel<MqttMessage> _received;
        private readonly SemaphoreSlim _inflight;
        private readonly object _gate = new object();
        private readonly LinkedList<PendingPublish> _pending = new LinkedList<PendingPublish>();
        private readonly Dictionary<ushort, LinkedListNode<PendingPublish>> _pendingById = new Dictionary<ushort, LinkedListNode<PendingPublish>>();
        private readonly Dictionary<ushort, TaskCompletionSource<byte[]>> _subAcks = new Dictionary<ushort, TaskCompletionSource<byte[]>>();
        private readonly List<(string Filter, QoS QoS)> _subscriptions = new List<(string, QoS)>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConnectionHealth _health;
        private readonly TimeProvider _time;
        private readonly TimeSpan _writeTimeout;
        private readonly IReadOnlyList<MqttEndpoint> _brokers;
        private int _broker;
        private TaskCompletionSource _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private Stream? _stream;
        private volatile PacketWriter? _writer;
        private TcpClient? _tcp;
        private long _connection;
        private ushort _nextPacketId;
        private long _lastWriteTimestamp; // monotonic (MqttClientOptions.Time), as every interval here
        private long _lastReadTimestamp;
        private volatile bool _deliveryBlocked;
        private long _discarded;
        private long _refused;
        private long _socketWrites;
        private Task? _loop;

        public MqttClient(MqttClientOptions options, ILogger? log = null)
        {
            if (string.IsNullOrEmpty(options.ClientId) && !options.CleanSession)
            {
                throw new ArgumentException("a persistent session needs a fixed ClientId");
            }

            _options = options;
            _time = options.Time;
            _health = new ConnectionHealth(_time);
            _brokers = BrokersOf(options);
            _log = log ?? NullLogger.Instance;
            _received = Channel.CreateBounded<MqttMessage>(new BoundedChannelOptions(options.ReceiveQueueCapacity) { SingleWriter = true });
            _inflight = new SemaphoreSlim(options.MaxInflight, options.MaxInflight);

            // A write that cannot finish for as long as a PINGRESP may be late means a dead link, as a missing PINGRESP
            // does; without keep-alive, a minute. Without this bound a write blocked on a full send buffer holds up
            // every packet queued behind it, PINGREQ included, and nothing notices until the kernel gives up, if ever.
            _writeTimeout = options.KeepAliveSeconds > 0 ? TimeSpan.FromSeconds(options.KeepAliveSeconds * 1.5) : TimeSpan.FromMinutes(1);
            if (PlainTextPassword.LeavesTheMachine(options))
            {
                _log.LogWarning("MQTT {Broker}: the password of {User} goes out without TLS: anyone on the path can read it (set Tls)",
                    string.Join(", ", _brokers), options.Username);
            }
        }

        /// <summary>Messages from the broker, in the order received.</summary>
        public ChannelReader<MqttMessage> Messages => _received.Reader;

        public bool IsConnected { get; private set; }

        /// <summary>The broker (cluster member) connected to, or tried next.</summary>
        public MqttEndpoint Broker => _brokers[Volatile.Read(ref _broker)];

        /// <summary>Successful connections so far (1 after the first, +1 per reconnect).</summary>
        public int ConnectCount { get; private set; }

        /// <summary>Whether the broker still had this client's session at the last connect.</summary>
        public bool SessionPresent { get; private set; }

        /// <summary>Why the last connection attempt or connection failed.</summary>
        public string? LastError { get; private set; }

        /// <summary>The CONNACK return code (1 to 5) of the last refused connection attempt; null when none was refused.</summary>
        public byte? LastRefusal { get; private set; }

        public int PendingPublishes
        {
            get
            {
                lock (_gate)
                {
                    return _pending.Count;
                }
            }
        }

        /// <summary>Messages received and dropped because the connection is <see cref="MqttClientOptions.PublishOnly"/>.</summary>
        public long DiscardedMessages => Interlocked.Read(ref _discarded);

        /// <summary>Publishes given up after <see cref="MqttClientOptions.MaxDeliveryAttempts"/>.</summary>
        public long RefusedPublishes => Interlocked.Read(ref _refused);

        /// <summary>Writes on the connections' streams after CONNECT: each one a system call, at least.</summary>
        internal long SocketWrites => Interlocked.Read(ref _socketWrites);

        public event Action<bool>? ConnectionChanged;

        public void Start()
        {
            _loop ??= Task.Run(RunAsync);
        }

        /// <summary>Waits until connected; false on timeout.</summary>
        public async Task<bool> WaitConnectedAsync(TimeSpan timeout)
        {
            Task connected;
            lock (_gate)
            {
                connected = _connected.Task;
            }

            return await Task.WhenAny(connected, Task.Delay(timeout)) == connected;
        }

        /// <summary>Adds a subscription, kept across reconnects; waits for the SUBACK when connected.</summary>
        /// <exception cref="MqttSubscribeException">The broker refused it or granted a lower QoS; it is not kept.</exception>
        public async Task SubscribeAsync(string filter, QoS qos, CancellationToken cancel = default)
        {
            if (_options.PublishOnly)
            {
                throw new InvalidOperationException("this connection is PublishOnly: it drops what it receives, so it cannot subscribe to '" + filter + "'");
            }

            lock (_gate)
            {
                _subscriptions.Add((filter, qos));
            }

            if (IsConnected)
            {
                try
                {
                    await SendSubscribeAsync(new[] { (filter, qos) }, _connection, cancel);
                }
                catch (MqttSubscribeException e)
                {
                    // Not kept: every reconnect would fail on it.
                    lock (_gate)
                    {
                        _subscriptions.Remove((filter, qos));
                    }

                    _log.LogError("MQTT {Broker}: {Error}", Broker, e.Message);
                    throw;
                }
            }
        }

        /// <summary>
        /// Publishes. QoS 0 completes when written; QoS 1 when the broker's PUBACK arrives, however many reconnects
        /// that takes. Waits while <see cref="MqttClientOptions.MaxInflight"/> messages are unacknowledged.
        /// </summary>
        public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, QoS qos, bool retain, CancellationToken cancel = default)
        {
            await await EnqueuePublishAsync(topic, payload, qos, retain, cancel);
        }

        /// <summary>
        /// Like <see cref="PublishAsync"/>, but returns as soon as the message has its place in the send order (and
        /// is queued for the connection's next write, when connected): the returned task then completes on PUBACK.
        /// Awaiting this call before the next keeps messages in order while many are in flight; publishes queued
        /// together leave in one write.
        /// </summary>
        public async Task<Task> EnqueuePublishAsync(string topic, ReadOnlyMemory<byte> payload, QoS qos, bool retain, CancellationToken cancel = default)
        {
            Packets.ValidateTopicName(topic);
            if (topic.AsSpan().IndexOfAny(_options.UnsupportedTopicCharacters) >= 0)
            {
                throw new ArgumentException("the broker does not support the characters '" + _options.UnsupportedTopicCharacters + "' in a topic; '" + topic + "' has one");
            }

            int size = Packets.PublishSize(topic, payload.Length, qos);
            if (size > _options.MaxOutgoingPacketSize)
            {
                throw new ArgumentException("a PUBLISH of " + size + " bytes to '" + topic + "' exceeds the limit of " + _options.MaxOutgoingPacketSize);
            }

            if (qos == QoS.AtMostOnce)
            {
                await WaitForConnectionAsync(cancel);
                await WriteAsync(Packets.Publish(topic, payload.Span, qos, retain, false, 0), _connection);
                return Task.CompletedTask;
            }

            // Built before the lock, with its packet id set under it: the frame is kept for resends.
            byte[] frame = Packets.Publish(topic, payload.Span, qos, retain, false, 0);
            await _inflight.WaitAsync(cancel);
            PendingPublish pending;
            lock (_gate)
            {
                pending = new PendingPublish(NextPacketId(), topic, frame);
                Packets.SetPublishPacketId(frame, pending.PacketId);
                _pendingById[pending.PacketId] = _pending.AddLast(pending);

                // Queued under the lock: publishes leave in the order of the pending list, which resends keep.
                if (IsConnected)
                {
                    Send(pending, _connection);
                }
            }

            return pending.Completion.Task;
        }

        /// <summary>
        /// Acknowledges received QoS 1 messages, in the order they arrived, in one write. Messages from a
        /// connection that has since dropped are skipped: the broker delivers them again. The task completes when the
        /// write was done or dropped: PUBACKs still queued, or in a write that failed, when the connection closes are
        /// lost without an error, and the broker delivers those messages again on the next connection of the session
        /// (the caller must recognise them as repeats, as the gateway's de-duplication does).
        /// </summary>
        public Task AckAsync(IReadOnlyList<MqttMessage> messages)
        {
            PacketWriter? writer = _writer;
            if (writer == null)
            {
                return Task.CompletedTask;
            }

            byte[] acks = ArrayPool<byte>.Shared.Rent(messages.Count * Packets.PubAckSize);
            int length = 0;
            foreach (MqttMessage message in messages)
            {
                if (message.QoS == QoS.AtLeastOnce && message.Connection == writer.Connection)
                {
                    Packets.WritePubAck(acks.AsSpan(length), message.PacketId);
                    length += Packets.PubAckSize;
                }
            }

            if (length == 0)
            {
                ArrayPool<byte>.Shared.Return(acks);
                return Task.CompletedTask;
            }

            return writer.EnqueueRentedAsync(acks, length);
        }

        public Task AckAsync(MqttMessage message) => AckAsync(new[] { message });

        /// <summary>Sends DISCONNECT (so no will is published) and stops reconnecting.</summary>
        public async Task StopAsync()
        {
            if (IsConnected)
            {
                await WriteAsync(Packets.Disconnect(), _connection);
            }

            await ShutdownAsync();
        }

        /// <summary>Drops the connection without DISCONNECT, as a crash would, and stops.</summary>
        public Task AbortAsync() => ShutdownAsync();

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task ShutdownAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }

            CloseConnection();
            if (_loop != null)
            {
                await _loop;
            }

            lock (_gate)
            {
                foreach (PendingPublish pending in _pending)
                {
                    pending.Completion.TrySetCanceled();
                }
            }

            _received.Writer.TryComplete();
        }

        private async Task RunAsync()
        {
            var backoff = new Backoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
            while (!_stop.IsCancellationRequested)
            {
                bool closedByBroker = false;
                try
                {
                    await ConnectAndServeAsync();
                }
                catch (Exception e) when (_stop.IsCancellationRequested && (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException))
                {
                    break;
                }
                catch (Exception e)
                {
                    LastError = e.Message;
                    LastRefusal = e is MqttConnectException refused ? refused.ReturnCode : LastRefusal;
                    _log.LogWarning("MQTT {Broker}: {Error}", Broker, LastError);

                    // Our own timeouts and protocol checks say nothing about the messages; a close or reset from the peer may.
                    closedByBroker = e is IOException or SocketException or ObjectDisposedException;
                }
                finally
                {
                    Disconnected();
                }

                NextBroker();
                if (_health.Healthy)
                {
                    backoff.Reset();
                    ForgetRefusals();
                }
                else if (closedByBroker && _health.Connection != 0)
                {
                    ChargeOldestUnacknowledged(_health.Connection);
                }

                try
                {
                    await Task.Delay(backoff.Next(), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        private async Task ConnectAndServeAsync()
        {
            _health.Attempting();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            attempt.CancelAfter(_options.ConnectTimeout);
            var (tcp, stream) = await MqttTransport.OpenAsync(_options, Broker, attempt.Token);
            _tcp = tcp;
            _stream = stream;
            var reader = new PacketReader(stream, _options.MaxIncomingPacketSize);
            await stream.WriteAsync(Packets.Connect(_options), attempt.Token);
            IncomingPacket? connAck = await reader.ReadAsync(attempt.Token);
            if (connAck == null || connAck.Type != PacketType.ConnAck)
            {
                throw new MqttProtocolException("expected CONNACK, got " + (connAck?.Type.ToString() ?? "end of stream"));
            }

            if (connAck.Body[1] != 0)
            {
                throw new MqttConnectException(connAck.Body[1]);
            }

            SessionPresent = (connAck.Body[0] & 1) != 0;
            long connection = Interlocked.Increment(ref _connection);
            Touch(ref _lastReadTimestamp);
            Touch(ref _lastWriteTimestamp);
            _health.Connected(connection);

            using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var writer = new PacketWriter(stream, connection, Written, _time);
            _writer = writer;
            Task writing = writer.RunAsync(session.Token);
            Task reading = ReadLoopAsync(reader, connection, session.Token);
            Task keeping = KeepAliveLoopAsync(writer, session.Token);
            try
            {
                await RestoreSessionAsync(connection);
                _log.LogInformation("MQTT {Broker} connected as {ClientId} (session present: {Session})", Broker, _options.ClientId, SessionPresent);
                await await Task.WhenAny(reading, keeping, writing);
            }
            finally
            {
                session.Cancel();
                CloseConnection();
                await Task.WhenAll(reading.ContinueWith(_ => { }), keeping.ContinueWith(_ => { }), writing.ContinueWith(_ => { }));
            }
        }

        /// <summary>
        /// Subscribes again, resends every unacknowledged publish in its original order (queued together, they leave
        /// in one write), and marks the client connected under the same lock, so no publish queued meanwhile is left unsent.
        /// </summary>
        private async Task RestoreSessionAsync(long connection)
        {
            List<(string, QoS)> subscriptions;
            lock (_gate)
            {
                subscriptions = new List<(string, QoS)>(_subscriptions);
            }

            // Subscribing again with a session present is harmless and covers filters added since the session began.
            if (subscriptions.Count > 0)
            {
                await SendSubscribeAsync(subscriptions, connection, _stop.Token);
            }

            lock (_gate)
            {
                foreach (PendingPublish p in _pending)
                {
                    Send(p, connection);
                }

                IsConnected = true;
                ConnectCount++;
                _connected.TrySetResult();
            }

            ConnectionChanged?.Invoke(true);
        }

        private async Task ReadLoopAsync(PacketReader reader, long connection, CancellationToken cancel)
        {
            while (true)
            {
                IncomingPacket? packet = await reader.ReadAsync(cancel);
                if (packet == null)
                {
                    throw new IOException("the broker closed the connection");
                }

                Touch(ref _lastReadTimestamp);
                switch (packet.Type)
                {
                    case PacketType.Publish when _options.PublishOnly:
                        Discard(packet.Publish!, connection);
                        break;
                    case PacketType.Publish:
                        var message = new MqttMessage(packet.Publish!, connection);
                        if (!_received.Writer.TryWrite(message))
                        {
                            // The application is busy: stop reading (TCP pushes back on the broker), and do not
                            // mistake the silence for a dead connection meanwhile.
                            _deliveryBlocked = true;
                            await _received.Writer.WriteAsync(message, cancel);
                            _deliveryBlocked = false;
                            Touch(ref _lastReadTimestamp);
                        }

                        break;
                    case PacketType.PubAck:
                        Completed((ushort)(packet.Body[0] << 8 | packet.Body[1]));
                        break;
                    case PacketType.SubAck:
                        SubscribeAcknowledged(packet.Body);
                        break;
                    case PacketType.PingResp:
                        _health.Proved();
                        break;
                    case PacketType.UnsubAck:
                        break;
                    default:
                        throw new MqttProtocolException("unexpected " + packet.Type + " from the broker");
                }
            }
        }

        /// <summary>A PublishOnly connection acknowledges what it receives and drops it: nobody reads the queue.</summary>
        private void Discard(IncomingPublish publish, long connection)
        {
            if (Interlocked.Increment(ref _discarded) == 1)
            {
                _log.LogWarning("MQTT {Broker}: {ClientId} only publishes, yet received a message on '{Topic}' (a subscription left in its session?): "
                    + "it and any later ones are acknowledged and dropped, counted in DiscardedMessages", Broker, _options.ClientId, publish.Topic);
            }

            if (publish.QoS == QoS.AtLeastOnce)
            {
                Enqueue(Packets.PubAck(publish.PacketId), connection);
            }
        }

        /// <summary>
        /// Pings when nothing was written for half the keep-alive, and gives the connection up when the broker went
        /// silent or a write stays blocked: one periodic check, rather than a timer per write.
        /// </summary>
        private async Task KeepAliveLoopAsync(PacketWriter writer, CancellationToken cancel)
        {
            TimeSpan keepAlive = TimeSpan.FromSeconds(_options.KeepAliveSeconds);
            TimeSpan period = TimeSpan.FromMilliseconds(_options.KeepAliveSeconds > 0 ? Math.Min(1000, _options.KeepAliveSeconds * 250) : 1000);
            while (true)
            {
                await Task.Delay(period, _time, cancel);
                if (writer.StalledLongerThan(_writeTimeout))
                {
                    throw new TimeoutException("a write did not complete within " + _writeTimeout.TotalSeconds + " s: the link is dead");
                }

                if (keepAlive == TimeSpan.Zero)
                {
                    continue;
                }

                if (!_deliveryBlocked && _time.GetElapsedTime(Interlocked.Read(ref _lastReadTimestamp)) > keepAlive * 1.5)
                {
                    throw new TimeoutException("no packet from the broker for 1.5 keep-alive periods: the link is dead");
                }

                if (_time.GetElapsedTime(Interlocked.Read(ref _lastWriteTimestamp)) >= keepAlive / 2)
                {
                    writer.Enqueue(Packets.PingReq());
                }
            }
        }

        private async Task SendSubscribeAsync(IReadOnlyList<(string, QoS)> filters, long connection, CancellationToken cancel)
        {
            var ack = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            ushort id;
            lock (_gate)
            {
                id = NextPacketId();
                _subAcks[id] = ack;
            }

            Enqueue(Packets.Subscribe(id, filters), connection);
            byte[] body = await ack.Task.WaitAsync(_options.ConnectTimeout, cancel);
            for (int i = 2; i < body.Length && i - 2 < filters.Count; i++)
            {
                var (filter, requested) = filters[i - 2];
                if (body[i] == 0x80 || body[i] < (byte)requested)
                {
                    throw new MqttSubscribeException(filter, requested, body[i]);
                }
            }
        }

        private void SubscribeAcknowledged(byte[] body)
        {
            ushort id = (ushort)(body[0] << 8 | body[1]);
            TaskCompletionSource<byte[]>? ack;
            lock (_gate)
            {
                if (_subAcks.Remove(id, out ack))
                {
                    ack.TrySetResult(body);
                }
            }
        }

        /// <summary>Queues a pending publish on the connection, marked DUP when it went out before. Called under the lock.</summary>
        private void Send(PendingPublish pending, long connection)
        {
            if (pending.SentOn != 0)
            {
                Packets.SetDuplicate(pending.Frame);
            }

            pending.SentOn = connection;
            Enqueue(pending.Frame, connection);
        }

        private void Completed(ushort packetId)
        {
            lock (_gate)
            {
                if (!_pendingById.Remove(packetId, out var node))
                {
                    return;
                }

                _pending.Remove(node);
                node.Value.Completion.TrySetResult();
            }

            _health.Proved();

            _inflight.Release();
        }

        /// <summary>
        /// The broker closed a connection before it proved healthy: the first publish written on it is the likely cause
        /// (brokers that refuse a publish close the connection on reading it, and it goes first after every reconnect).
        /// With <see cref="MqttClientOptions.MaxDeliveryAttempts"/> set, it is given up after that many such closes.
        /// </summary>
        private void ChargeOldestUnacknowledged(long connection)
        {
            PendingPublish? givenUp = null;
            lock (_gate)
            {
                PendingPublish? oldest = null;
                foreach (PendingPublish p in _pending)
                {
                    if (p.SentOn == connection)
                    {
                        oldest = p;
                        break;
                    }
                }

                if (oldest == null)
                {
                    return;
                }

                oldest.Refusals++;
                if (_options.MaxDeliveryAttempts > 0 && oldest.Refusals >= _options.MaxDeliveryAttempts)
                {
                    _pending.Remove(_pendingById[oldest.PacketId]);
                    _pendingById.Remove(oldest.PacketId);
                    givenUp = oldest;
                }
            }

            if (givenUp != null)
            {
                Interlocked.Increment(ref _refused);
                var refused = new MqttPublishRefusedException(givenUp.Topic, givenUp.Refusals);
                _log.LogWarning("MQTT {Broker}: {Error}", Broker, refused.Message);
                _inflight.Release();
                givenUp.Completion.TrySetException(refused);
            }
        }

        /// <summary>A healthy connection ends a run of refusals: only closes in a row point at a message.</summary>
        private void ForgetRefusals()
        {
            lock (_gate)
            {
                foreach (PendingPublish p in _pending)
                {
                    p.Refusals = 0;
                }
            }
        }

        /// <summary>
        /// Queues a packet on the given connection only (else it is dropped): the connection's writer sends it with
        /// whatever else is queued. A failed write closes the connection, and a blocked one is caught by the keep-alive
        /// loop; either way the run loop reconnects.
        /// </summary>
        private void Enqueue(byte[] packet, long connection)
        {
            PacketWriter? writer = _writer;
            if (writer != null && writer.Connection == connection)
            {
                writer.Enqueue(packet);
            }
        }

        /// <summary>Like <see cref="Enqueue"/>, and completes once the packet is written or the connection gone.</summary>
        private Task WriteAsync(byte[] packet, long connection)
        {
            PacketWriter? writer = _writer;
            return writer != null && writer.Connection == connection ? writer.EnqueueAsync(packet) : Task.CompletedTask;
        }

        private void Written()
        {
            Touch(ref _lastWriteTimestamp);
            Interlocked.Increment(ref _socketWrites);
        }

        /// <summary>The brokers to try in turn: the cluster's members, or else the one of Host and Port.</summary>
        internal static IReadOnlyList<MqttEndpoint> BrokersOf(MqttClientOptions options) =>
            options.Members.Count > 0 ? new List<MqttEndpoint>(options.Members) : new[] { new MqttEndpoint(options.Host, options.Port) };

        /// <summary>
        /// After a failed attempt or a lost connection, the next member: a dead member is left at once, and the back-off
        /// (reset only after a healthy connection) still spaces the attempts when all of them are down. The same client
        /// id resumes the persistent session wherever the cluster keeps it, and every unacknowledged publish is resent
        /// there (<see cref="RestoreSessionAsync"/>, with DUP set).
        /// </summary>
        private void NextBroker()
        {
            if (_brokers.Count > 1)
            {
                Volatile.Write(ref _broker, (_broker + 1) % _brokers.Count);
            }
        }

        private async Task WaitForConnectionAsync(CancellationToken cancel)
        {
            Task connected;
            lock (_gate)
            {
                connected = _connected.Task;
            }

            await connected.WaitAsync(cancel);
        }

        private ushort NextPacketId()
        {
            do
            {
                _nextPacketId = (ushort)(_nextPacketId == ushort.MaxValue ? 1 : _nextPacketId + 1);
            }
            while (_pendingById.ContainsKey(_nextPacketId) || _subAcks.ContainsKey(_nextPacketId));

            return _nextPacketId;
        }

        private void Disconnected()
        {
            bool was;
            lock (_gate)
            {
                was = IsConnected;
                IsConnected = false;
                if (_connected.Task.IsCompleted)
                {
                    _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                foreach (var ack in _subAcks.Values)
                {
                    ack.TrySetException(new IOException("disconnected before SUBACK"));
                }

                _subAcks.Clear();
            }

            if (was)
            {
                ConnectionChanged?.Invoke(false);
            }
        }

        private void CloseConnection()
        {
            Interlocked.Exchange(ref _writer, null)?.Close();
            TcpClient? tcp = Interlocked.Exchange(ref _tcp, null);
            Stream? stream = Interlocked.Exchange(ref _stream, null);
            try
            {
                stream?.Dispose();
            }
            catch (IOException)
            {
                // Already broken: nothing left to flush.
            }

            tcp?.Dispose();
        }

        private void Touch(ref long timestamp) => Interlocked.Exchange(ref timestamp, _time.GetTimestamp());
    }
}
