namespace Smile.Ingest.Configuration
{
    /// <summary>The health listener: /healthz for probes, /metrics for Prometheus.</summary>
    public sealed class HealthSettings
    {
        /// <summary>Where the listener binds; loopback by default. Beyond loopback only with Username and Password.</summary>
        public string Url { get; set; } = "http://127.0.0.1:8090";

        /// <summary>Basic authentication of /metrics (not /healthz, which probes read): required off loopback.</summary>
        public string? Username { get; set; }

        /// <summary>A secret: from the environment file (Smile__Health__Password), not from ingest.json.</summary>
        public string? Password { get; set; }
    }
}
