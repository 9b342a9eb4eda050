using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Smile.Simulation.MqttClients
{
    /// <summary>
    /// MQTTnet 5.2.0 (package 5.2.0.1603, built from dotnet/MQTTnet tag v5.2.0, commit 14463d1e) driven as the gateway
    /// would have to drive it. What the library does and what this adapter must add, read in that commit's source:
    /// <list type="bullet">
    /// <item>Manual acknowledgement: the ApplicationMessageReceivedAsync handler sets AutoAcknowledge = false and calls
    /// AcknowledgeAsync later (Source/MQTTnet/MqttClient.cs, ProcessReceivedPublishPackets; the args' AcknowledgeAsync
    /// in Source/MQTTnet/Receiving/MqttApplicationMessageReceivedEventArgs.cs). The PUBACK is sent at once, on whatever
    /// connection is current (MqttClient.AcknowledgeReceivedPublishPacket calls Send on the current adapter): nothing
    /// ties it to the connection that delivered the message, so this adapter skips acknowledgements of earlier ones.</item>
    /// <item>Received PUBLISHes go into an unbounded AsyncQueue (Source/MQTTnet/Internal/AsyncQueue.cs over a
    /// ConcurrentQueue) filled by the packet receiver, which keeps reading the socket however slowly the handler runs.</item>
    /// <item>No reconnection: version 5 has no managed client (no MQTTnet.Extensions.ManagedClient under Source/). A QoS 1
    /// PublishAsync waits for its PUBACK (MqttClient.PublishAtLeastOnce, Request) and fails when the connection is lost
    /// (MqttPacketDispatcher.FailAll); nothing is resent. This adapter reconnects, subscribes again and publishes what
    /// was not acknowledged again with Dup set; the library gives the copy a new packet identifier
    /// (PublishAtLeastOnce takes the next one from MqttPacketIdentifierProvider).</item>
    /// <item>TLS: TrustChain makes SslStream trust only the given CA (MqttTcpChannel.WrapWithTlsAsync, CustomRootTrust);
    /// TargetHost is the name checked.</item>
    /// </list>
    /// </summary>
    public sealed class MqttNetClient : ITestClient
    {
        private readonly IMqttClient _client;
        private readonly MqttClientOptions _options;
        private readonly ClientSettings _settings;
        private readonly Channel<Received> _received;
        private readonly List<string> _filters = new List<string>();
        private readonly object _gate = new object();
        private readonly LinkedList<Outgoing> _unacknowledged = new LinkedList<Outgoing>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly TaskCompletionSource _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _connections;
        private long _live; // the current connection's number; 0 while disconnected
        private Task? _loop;

        public MqttNetClient(ClientSettings settings)
        {
            _settings = settings;
            _received = Channel.CreateBounded<Received>(new BoundedChannelOptions(settings.ReceiveCapacity) { SingleWriter = true });
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(settings.Host, settings.Port)
                .WithProtocolVersion(MqttProtocolVersion.V311) // what the gateway speaks to every broker
                .WithClientId(settings.ClientId)
                .WithCleanSession(false)
                .WithKeepAlivePeriod(settings.KeepAlive)
                .WithTimeout(TimeSpan.FromSeconds(5));
            if (settings.CaFile != null)
            {
                var ca = new X509Certificate2Collection();
                ca.ImportFromPemFile(settings.CaFile);
                builder.WithTlsOptions(o => o.UseTls().WithTrustChain(ca).WithTargetHost(settings.ServerName ?? settings.Host));
            }

            _options = builder.Build();
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
            _client.DisconnectedAsync += _ =>
            {
                lock (_gate)
                {
                    _live = 0;
                }

                _lost.TrySetResult();
                return Task.CompletedTask;
            };
        }

        public string? LastError { get; private set; }

        public async Task<bool> StartAsync(TimeSpan timeout)
        {
            _loop ??= Task.Run(RunAsync);
            return await Task.WhenAny(_connected.Task, Task.Delay(timeout)) == _connected.Task;
        }

        public async Task SubscribeAsync(string filter)
        {
            lock (_gate)
            {
                _filters.Add(filter);
            }

            if (_client.IsConnected)
            {
                await SubscribeAsync(new[] { filter });
            }
        }

        public ValueTask<Received> ReceiveAsync(CancellationToken cancel) => _received.Reader.ReadAsync(cancel);

        public bool TryReceive(out Received message) => _received.Reader.TryRead(out message!);

        public async Task AckAsync(IReadOnlyList<Received> messages)
        {
            long live = Volatile.Read(ref _live);
            foreach (Received message in messages)
            {
                var delivery = (Delivery)message.Handle;
                if (delivery.Connection == live)
                {
                    await delivery.Args.AcknowledgeAsync(CancellationToken.None);
                }
            }
        }

        public Task<Task> PublishAsync(string topic, byte[] payload)
        {
            var outgoing = new Outgoing(topic, payload);
            long live;
            lock (_gate)
            {
                outgoing.Node = _unacknowledged.AddLast(outgoing);
                live = _live;
                outgoing.SentOn = live;
            }

            if (live != 0)
            {
                _ = SendAsync(outgoing, false);
            }

            return Task.FromResult<Task>(outgoing.Completion.Task);
        }

        public async Task AbortAsync()
        {
            await StopLoopAsync();
            _client.Dispose(); // closes the socket without DISCONNECT (MqttClient.Cleanup)
        }

        public async ValueTask DisposeAsync()
        {
            await StopLoopAsync();
            await CloseAsync();
            _client.Dispose();
            _stop.Dispose();
        }

        private async Task StopLoopAsync()
        {
            _stop.Cancel();
            if (_loop != null)
            {
                await _loop;
            }

            lock (_gate)
            {
                foreach (Outgoing outgoing in _unacknowledged)
                {
                    outgoing.Completion.TrySetCanceled();
                }
            }
        }

        private async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    await _client.ConnectAsync(_options, _stop.Token);
                    string[] filters;
                    lock (_gate)
                    {
                        filters = _filters.ToArray();
                    }

                    // Always: a broker that lost the session (killed before it saved it) would otherwise send nothing.
                    if (filters.Length > 0)
                    {
                        await SubscribeAsync(filters);
                    }

                    var resend = new List<Outgoing>();
                    lock (_gate)
                    {
                        _live = ++_connections;
                        foreach (Outgoing outgoing in _unacknowledged)
                        {
                            outgoing.Duplicate = outgoing.SentOn != 0;
                            outgoing.SentOn = _live;
                            resend.Add(outgoing);
                        }
                    }

                    foreach (Outgoing outgoing in resend)
                    {
                        _ = SendAsync(outgoing, outgoing.Duplicate);
                    }

                    _connected.TrySetResult();
                    await _lost.Task.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LastError = e.Message;
                    await CloseAsync();
                }

                try
                {
                    await Task.Delay(_settings.ReconnectDelay, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Sends DISCONNECT if connected: when stopping, or when a subscription failed after connecting, so the next attempt starts afresh.</summary>
        private async Task CloseAsync()
        {
            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptions());
                }
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
            {
                // Lost meanwhile: closed anyway.
            }
        }

        private async Task SubscribeAsync(IEnumerable<string> filters)
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (string filter in filters)
            {
                subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            MqttClientSubscribeResult result = await _client.SubscribeAsync(subscribe.Build(), _stop.Token);
            foreach (MqttClientSubscribeResultItem item in result.Items)
            {
                if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
                {
                    throw new InvalidOperationException("subscription to " + item.TopicFilter.Topic + " refused: " + item.ResultCode);
                }
            }
        }

        private async Task SendAsync(Outgoing outgoing, bool duplicate)
        {
            var message = new MqttApplicationMessage
            {
                Topic = outgoing.Topic,
                PayloadSegment = outgoing.Payload,
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                Dup = duplicate,
            };
            try
            {
                await _client.PublishAsync(message, _stop.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The connection went: the next one sends it again.
                return;
            }

            lock (_gate)
            {
                if (outgoing.Node?.List != null)
                {
                    _unacknowledged.Remove(outgoing.Node);
                }
            }

            outgoing.Completion.TrySetResult();
        }

        private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            e.AutoAcknowledge = false;
            MqttApplicationMessage m = e.ApplicationMessage;
            // The payload is copied: the gateway keeps messages beyond the handler, until its commit.
            var received = new Received(m.Topic, m.Payload.ToArray(), m.Dup, new Delivery(e, Volatile.Read(ref _live)));
            try
            {
                await _received.Writer.WriteAsync(received, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the broker redelivers it to the next session.
            }
        }

        private sealed class Delivery
        {
            public Delivery(MqttApplicationMessageReceivedEventArgs args, long connection)
            {
                Args = args;
                Connection = connection;
            }

            public MqttApplicationMessageReceivedEventArgs Args { get; }

            public long Connection { get; }
        }

        private sealed class Outgoing
        {
            public Outgoing(string topic, byte[] payload)
            {
                Topic = topic;
                Payload = payload;
            }

            public string Topic { get; }

            public byte[] Payload { get; }

            public TaskCompletionSource Completion { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            public LinkedListNode<Outgoing>? Node { get; set; }

            /// <summary>The connection it was last sent on; 0: never sent.</summary>
            public long SentOn { get; set; }

            public bool Duplicate { get; set; }
        }
    }
}
