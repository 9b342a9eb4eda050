using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Simulation.MqttClients
{
    /// <summary>gateway/Smile.Mqtt as the gateway uses it; the client does all the work itself.</summary>
    public sealed class SmileClient : ITestClient
    {
        private readonly MqttClient _client;

        public SmileClient(ClientSettings settings)
        {
            _client = new MqttClient(new MqttClientOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                ClientId = settings.ClientId,
                KeepAliveSeconds = (ushort)settings.KeepAlive.TotalSeconds,
                ReceiveQueueCapacity = settings.ReceiveCapacity,
                ReconnectMinDelay = settings.ReconnectDelay,
                ReconnectMaxDelay = settings.ReconnectDelay * 5,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                // The gateway's window is 64 by default; the benchmark keeps up to 200 in flight.
                MaxInflight = 256,
                Tls = settings.CaFile == null ? null : new MqttTlsOptions { CaFile = settings.CaFile, ServerName = settings.ServerName },
            });
        }

        public string? LastError => _client.LastError;

        public async Task<bool> StartAsync(TimeSpan timeout)
        {
            _client.Start();
            return await _client.WaitConnectedAsync(timeout);
        }

        public Task SubscribeAsync(string filter) => _client.SubscribeAsync(filter, QoS.AtLeastOnce);

        public async ValueTask<Received> ReceiveAsync(CancellationToken cancel) => Wrap(await _client.Messages.ReadAsync(cancel));

        public bool TryReceive(out Received message)
        {
            bool got = _client.Messages.TryRead(out MqttMessage? m);
            message = got ? Wrap(m!) : null!;
            return got;
        }

        public Task AckAsync(IReadOnlyList<Received> messages) => _client.AckAsync(messages.Select(m => (MqttMessage)m.Handle).ToList());

        public Task<Task> PublishAsync(string topic, byte[] payload) => _client.EnqueuePublishAsync(topic, payload, QoS.AtLeastOnce, false);

        public Task AbortAsync() => _client.AbortAsync();

        public ValueTask DisposeAsync() => _client.DisposeAsync();

        private static Received Wrap(MqttMessage m) => new Received(m.Topic, m.Payload, m.Duplicate, m);
    }
}
