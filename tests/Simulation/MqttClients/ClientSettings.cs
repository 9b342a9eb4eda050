using System;

namespace Smile.Simulation.MqttClients
{
    /// <summary>One connection's settings, as the gateway sets them: a fixed client id and a persistent session.</summary>
    public sealed class ClientSettings
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; }

        public string ClientId { get; set; } = "";

        /// <summary>PEM file of the CA that signs the broker's certificate; null: no TLS.</summary>
        public string? CaFile { get; set; }

        /// <summary>Name the broker's certificate must carry; defaults to <see cref="Host"/>.</summary>
        public string? ServerName { get; set; }

        /// <summary>Received messages held for the application before the client stops taking more.</summary>
        public int ReceiveCapacity { get; set; } = 1024;

        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Delay before the next connection attempt after one failed or a connection was lost.</summary>
        public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);
    }
}
