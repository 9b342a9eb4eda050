using System;
using System.Collections.Generic;

namespace Smile.Mqtt
{
    /// <summary>Everything a connection needs. Defaults are the safe ones: persistent session, TLS validation on.</summary>
    public sealed class MqttClientOptions
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 1883;

        /// <summary>
        /// The members of a broker cluster, tried in turn: the first at start, the next whenever a connection attempt
        /// fails or a connection is lost (with the usual back-off), each time with the same client id, so a persistent
        /// session held by the cluster carries over and unacknowledged publishes are resent there. Empty: only
        /// <see cref="Host"/> and <see cref="Port"/>.
        /// </summary>
        public IList<MqttEndpoint> Members { get; set; } = new List<MqttEndpoint>();

        /// <summary>
        /// Characters the broker refuses in a topic although MQTT allows them: a publish to such a topic fails at once
        /// with an ArgumentException instead of going out. nats-server maps topics to subjects and closes the whole
        /// connection on a topic with ' ' or '.'; sent, such a message would cost a reconnect per attempt, holding up
        /// every message behind it until it is given up.
        /// </summary>
        public string UnsupportedTopicCharacters { get; set; } = "";

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

        /// <summary>
        /// This connection only publishes and nobody reads <see cref="MqttClient.Messages"/>: whatever the broker sends
        /// it anyway (a subscription left in its persistent session, an unsolicited publish) is acknowledged and dropped,
        /// counted in <see cref="MqttClient.DiscardedMessages"/> and logged once, instead of filling the receive queue
        /// until the read loop stops and PUBACKs are no longer read. <see cref="MqttClient.SubscribeAsync"/> then throws.
        /// </summary>
        public bool PublishOnly { get; set; }

        /// <summary>
        /// 0 (the default): a QoS 1 publish is resent until acknowledged, however long that takes. N: a publish that
        /// was the oldest unacknowledged one on N connections the broker closed before they proved healthy (no PUBACK,
        /// no PINGRESP, under 10 s) is given up: its task fails with <see cref="MqttPublishRefusedException"/>, for the
        /// application to park it. Platform brokers close the connection on a publish they refuse.
        /// </summary>
        public int MaxDeliveryAttempts { get; set; }

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The clock of the keep-alive, the stalled-write check and the time after which a connection counts as stable.
        /// They measure intervals on its monotonic timestamp, never on the wall clock: a Raspberry Pi has no
        /// battery-backed clock and steps its wall clock at its first time sync, often by months, and a step forward
        /// made every connection look dead at that moment (a step back kept the pings in until the broker gave up).
        /// </summary>
        public TimeProvider Time { get; set; } = TimeProvider.System;

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
