using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Simulation.MqttClients
{
    /// <summary>
    /// What the gateway asks of an MQTT client, and nothing more: QoS 1 subscriptions in a persistent session whose
    /// messages are acknowledged by the application after its commit, and QoS 1 publishes that complete on PUBACK.
    /// </summary>
    public interface ITestClient : IAsyncDisposable
    {
        /// <summary>Why the last connection attempt or connection failed.</summary>
        string? LastError { get; }

        /// <summary>Starts the client (it reconnects by itself from then on) and waits for the first connection.</summary>
        /// <returns>False when not connected within the timeout.</returns>
        Task<bool> StartAsync(TimeSpan timeout);

        /// <summary>Subscribes at QoS 1, kept across reconnects.</summary>
        Task SubscribeAsync(string filter);

        /// <summary>The next message, in the order received.</summary>
        ValueTask<Received> ReceiveAsync(CancellationToken cancel);

        bool TryReceive(out Received message);

        /// <summary>Acknowledges QoS 1 messages, in the order given; those of an earlier connection are skipped.</summary>
        Task AckAsync(IReadOnlyList<Received> messages);

        /// <summary>QoS 1: the outer task completes once the message is queued, the inner one on its PUBACK.</summary>
        Task<Task> PublishAsync(string topic, byte[] payload);

        /// <summary>Drops the connection without DISCONNECT, as a crash would, and stops.</summary>
        Task AbortAsync();
    }

    public enum ClientKind
    {
        /// <summary>gateway/Smile.Mqtt, the client the gateway ships with.</summary>
        Smile,

        /// <summary>MQTTnet 5.2.0 behind <see cref="MqttNetClient"/>.</summary>
        MqttNet,
    }

    public static class TestClients
    {
        public static ITestClient Create(ClientKind kind, ClientSettings settings) => kind switch
        {
            ClientKind.Smile => new SmileClient(settings),
            ClientKind.MqttNet => new MqttNetClient(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
