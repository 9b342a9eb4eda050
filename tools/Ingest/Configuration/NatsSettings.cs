namespace Smile.Ingest.Configuration
{
    public sealed class NatsSettings
    {
        /// <summary>Every cluster member, comma-separated: the client fails over between them. No login in the URL (it is logged).</summary>
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

        /// <summary>The login of a server with authorization { users = [...] }, with <see cref="Password"/>.</summary>
        public string? Username { get; set; }

        /// <summary>A secret: from the environment file (Smile__Nats__Password in ingest.env), not from ingest.json.</summary>
        public string? Password { get; set; }

        /// <summary>The login of a server with authorization { token: ... }; a secret like the password (Smile__Nats__Token).</summary>
        public string? Token { get; set; }

        /// <summary>A .creds file (a user JWT and its NKey seed) of a server with decentralized (operator) authorization.</summary>
        public string? CredentialsFile { get; set; }

        public NatsTlsSettings Tls { get; set; } = new NatsTlsSettings();

        /// <summary>The login methods set, for the validator: at most one may be.</summary>
        internal int LoginMethods =>
            (string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password) ? 0 : 1) + (string.IsNullOrEmpty(Token) ? 0 : 1) + (string.IsNullOrEmpty(CredentialsFile) ? 0 : 1);
    }

    /// <summary>
    /// TLS to the cluster. Enabled: every connection must be TLS and the server's certificate is verified against CaFile
    /// (the system's trust store without one) and the host name of its URL; there is no switch to skip verification.
    /// </summary>
    public sealed class NatsTlsSettings
    {
        public bool Enabled { get; set; }

        public string? CaFile { get; set; }

        /// <summary>A client certificate (PEM) with its key, for a server with verify: true.</summary>
        public string? ClientCertificateFile { get; set; }

        public string? ClientKeyFile { get; set; }
    }
}
