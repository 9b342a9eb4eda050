namespace Smile.Ingest.Configuration
{
    /// <summary>The ingest's settings (section "Smile"), from /etc/smile-ingest/ingest.json and the environment.</summary>
    public sealed class IngestOptions
    {
        public const string Section = "Smile";

        public NatsSettings Nats { get; set; } = new NatsSettings();

        public PostgresSettings Postgres { get; set; } = new PostgresSettings();

        public BatchSettings Batch { get; set; } = new BatchSettings();
    }

    public sealed class NatsSettings
    {
        /// <summary>Every cluster member, comma-separated: the client fails over between them.</summary>
        public string Url { get; set; } = "nats://127.0.0.1:4222";

        /// <summary>
        /// The NATS subjects of the gateways' MQTT topics smile/v1/# ('/' becomes '.'), as the consumer's filter on
        /// nats-server's MQTT message stream.
        /// </summary>
        public string Subjects { get; set; } = "smile.v1.>";

        /// <summary>The durable consumer every instance shares: the consumer group.</summary>
        public string Consumer { get; set; } = "smile-ingest";

        /// <summary>Copies of the consumer state (and of the MQTT stream if the ingest creates it): 3 in a 3-member cluster.</summary>
        public int Replicas { get; set; } = 3;

        /// <summary>After this long without an acknowledgement the engine hands a message to another instance.</summary>
        public int AckWaitSeconds { get; set; } = 30;

        public int MaxAckPending { get; set; } = 10000;
    }

    public sealed class PostgresSettings
    {
        public string ConnectionString { get; set; } = "";
    }

    public sealed class BatchSettings
    {
        /// <summary>Messages per fetch and per PostgreSQL transaction.</summary>
        public int MaxMessages { get; set; } = 500;

        /// <summary>How long one fetch waits for messages before it commits what it has (the client needs over 1 s).</summary>
        public int MaxWaitMilliseconds { get; set; } = 1500;

        /// <summary>Larger payloads go to the dead-letter table unread.</summary>
        public int MaxPayloadBytes { get; set; } = 65536;
    }
}
