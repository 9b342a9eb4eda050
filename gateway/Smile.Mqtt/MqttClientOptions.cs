using System;

namespace Smile.Mqtt
{
    /// <summary>Everything a connection needs. Defaults are the safe ones: persistent session, TLS validation on.</summary>
    public sealed class MqttClientOptions
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 1883;

        /// <summary>Fixed, so the broker keeps the session (and its queue) across reconnects.</summary>
        public string ClientId { get; set; } = "";

        /// <summary>False: a persistent session, whose QoS 1 messages the broker keeps and redelivers.</summary>
        public bool CleanSession { get; set; }

        public ushort KeepAliveSeconds { get; set; } = 30;

        public string? Username { get; set; }

        public string? Password { get; set; }

        public MqttTlsOptions? Tls { get; set; }

        public MqttWill? Will { get; set; }

        /// <summary>Largest packet accepted from the broker; a larger PUBLISH is read past and reported oversize.</summary>
        public int MaxIncomingPacketSize { get; set; } = 256 * 1024;

        /// <summary>Largest packet this client sends; a larger publish is refused before it is sent.</summary>
        public int MaxOutgoingPacketSize { get; set; } = 256 * 1024;

        /// <summary>Outgoing QoS 1 messages awaiting PUBACK at once.</summary>
        public int MaxInflight { get; set; } = 64;

        /// <summary>Incoming messages held for the application before the client stops reading the socket.</summary>
        public int ReceiveQueueCapacity { get; set; } = 1024;

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    }

    public sealed class MqttTlsOptions
    {
        /// <summary>PEM file of the CA that signs the broker's certificate; null uses the system's trust store.</summary>
        public string? CaFile { get; set; }

        /// <summary>PEM files of a client certificate and its key, for brokers that require one.</summary>
        public string? ClientCertificateFile { get; set; }

        public string? ClientKeyFile { get; set; }

        /// <summary>Name the broker's certificate must carry; defaults to the host.</summary>
        public string? ServerName { get; set; }

        /// <summary>Accept any broker certificate. Off by default; only for a lab.</summary>
        public bool AllowUntrustedCertificates { get; set; }
    }

    public sealed class MqttWill
    {
        public MqttWill(string topic, byte[] payload, QoS qos, bool retain)
        {
            Topic = topic;
            Payload = payload;
            QoS = qos;
            Retain = retain;
        }

        public string Topic { get; }

        public byte[] Payload { get; }

        public QoS QoS { get; }

        public bool Retain { get; }
    }
}
