namespace Smile.Ingest.Configuration
{
    /// <summary>The ingest's settings (section "Smile"), from /etc/smile-ingest/ingest.json and the environment.</summary>
    public sealed class IngestOptions
    {
        public const string Section = "Smile";

        public NatsSettings Nats { get; set; } = new NatsSettings();

        public PostgresSettings Postgres { get; set; } = new PostgresSettings();

        public BatchSettings Batch { get; set; } = new BatchSettings();

        public HealthSettings Health { get; set; } = new HealthSettings();
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
