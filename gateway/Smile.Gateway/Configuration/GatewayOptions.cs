using System;
using System.Collections.Generic;

namespace Smile.Gateway.Configuration
{
    /// <summary>The whole configuration, bound from appsettings.json and SMILE__* environment variables.</summary>
    public sealed class GatewayOptions
    {
        public const string Section = "Smile";

        public GatewaySettings Gateway { get; set; } = new GatewaySettings();

        public LocalBrokerSettings LocalBroker { get; set; } = new LocalBrokerSettings();

        public UpstreamSettings Upstream { get; set; } = new UpstreamSettings();

        public SourceSettings Sources { get; set; } = new SourceSettings();

        public NodeSettings Nodes { get; set; } = new NodeSettings();

        public FilterSettings Filters { get; set; } = new FilterSettings();

        public BufferSettings Buffer { get; set; } = new BufferSettings();

        public HealthSettings Health { get; set; } = new HealthSettings();

        /// <summary>The Smile Place's own hardware: the Pi's sensor, status LED, temperature and power (all off by default).</summary>
        public Board.BoardSettings Board { get; set; } = new Board.BoardSettings();
    }

    public sealed class GatewaySettings
    {
        /// <summary>Names this gateway in topics and message ids, e.g. "hro-stadthafen-1".</summary>
        public string Id { get; set; } = "";

        /// <summary>Site of nodes without their own, e.g. "stadthafen".</summary>
        public string Site { get; set; } = "";

        /// <summary>Folder of the durable buffer (SQLite).</summary>
        public string DataDirectory { get; set; } = "/var/lib/smile-gateway";
    }

    public class BrokerSettings
    {
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; } = 1883;

        public string ClientId { get; set; } = "";

        public string? Username { get; set; }

        public string? Password { get; set; }

        public ushort KeepAliveSeconds { get; set; } = 30;

        public TlsSettings? Tls { get; set; }

        public int MaxInflight { get; set; } = 64;
    }

    public sealed class LocalBrokerSettings : BrokerSettings
    {
        public LocalBrokerSettings()
        {
            ClientId = "smile-gateway";
        }

        /// <summary>
        /// A second connection, for what the gateway publishes to the local broker (node acknowledgements): while the
        /// subscribing connection holds back on a full queue, it cannot also wait for its own PUBACKs.
        /// </summary>
        public string PublisherClientId { get; set; } = "smile-gateway-pub";

        /// <summary>
        /// The publisher's own login. The Smile Place broker makes every login its own client id
        /// (use_username_as_clientid), so the two connections need two logins: with one, each would take over the
        /// other's session. nodectl provision writes both into gateway.env.
        /// </summary>
        public string? PublisherUsername { get; set; }

        public string? PublisherPassword { get; set; }
    }

    public sealed class TlsSettings
    {
        public bool Enabled { get; set; }

        public string? CaFile { get; set; }

        public string? ClientCertificateFile { get; set; }

        public string? ClientKeyFile { get; set; }

        public string? ServerName { get; set; }

        public bool AllowUntrustedCertificates { get; set; }
    }

    public sealed class UpstreamSettings : BrokerSettings
    {
        public UpstreamSettings()
        {
            ClientId = "smile-gateway-upstream";

            // The platform broker is reached over the internet with a password: TLS unless a setting turns it off,
            // not only when appsettings.json (which an installation may replace) says so.
            Tls = new TlsSettings { Enabled = true };
        }

        /// <summary>
        /// The platform broker's cluster members as "host:port" (a bare host takes Port), tried in turn: the next one
        /// whenever a connection fails or is lost. Empty (old configuration files): Host and Port alone. Each member's
        /// certificate is checked against its own host name unless Tls:ServerName names one for all.
        /// </summary>
        public List<string> Members { get; set; } = new List<string>();

        /// <summary>
        /// Characters the platform broker refuses in topics although MQTT allows them; a message whose topic has one
        /// (a node id with '.') is parked as unforwardable instead of being sent. nats-server: " ." (it closes the
        /// connection on such a topic, which would hold up every message behind it for five reconnects).
        /// </summary>
        public string UnsupportedTopicCharacters { get; set; } = "";

        /// <summary>Root of the normalized topic tree.</summary>
        public string TopicPrefix { get; set; } = "smile/v1";

        /// <summary>Most backlog messages per second after an outage; live messages are not paced.</summary>
        public int ReplayMaxPerSecond { get; set; } = 200;

        /// <summary>After an outage, send new messages before the backlog (true), or strictly in arrival order (false).</summary>
        public bool LiveFirst { get; set; } = true;

        /// <summary>
        /// What goes upstream for each measurement, comma-separated: normalized (smile.measurement.v1), senml,
        /// sensorthings, ngsi-ld. Node status, dead letters and the gateway's status are always normalized.
        /// </summary>
        public string Formats { get; set; } = "normalized";

        public SensorThingsSettings SensorThings { get; set; } = new SensorThingsSettings();

        /// <summary>NGSI-LD locations, [longitude, latitude] by node id or site.</summary>
        public Dictionary<string, double[]> Locations { get; set; } = new Dictionary<string, double[]>();

        public static readonly string[] KnownFormats = { "normalized", "senml", "sensorthings", "ngsi-ld" };

        public string[] FormatList() => Formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public sealed class SensorThingsSettings
    {
        /// <summary>JSON file: {"node id": {"temperature": datastream id, …}}.</summary>
        public string MappingFile { get; set; } = "";

        /// <summary>The STA version in the topic: v1.1 (FROST) or v1.0.</summary>
        public string Version { get; set; } = "v1.1";
    }

    public sealed class SourceSettings
    {
        public SourceSetting Wifi { get; set; } = new SourceSetting { Enabled = true, Topic = "smile/up/+" };

        public SourceSetting ChirpStack { get; set; } = new SourceSetting { Enabled = true, Topic = "application/+/device/+/event/up" };

        public TtsSourceSetting TheThingsStack { get; set; } = new TtsSourceSetting { Enabled = false, Topic = "v3/+/devices/+/up" };

        /// <summary>Where the gateway acknowledges Wi-Fi nodes: {node} is replaced by the node id.</summary>
        public string WifiAckTopic { get; set; } = "smile/ack/{node}";
    }

    public class SourceSetting
    {
        public bool Enabled { get; set; }

        public string Topic { get; set; } = "";
    }

    public sealed class NodeSettings
    {
        /// <summary>"accept" forwards nodes not listed in Known; "quarantine" keeps their frames aside.</summary>
        public string UnknownNodePolicy { get; set; } = "accept";

        /// <summary>Node id → site, for nodes at another site than the gateway's.</summary>
        public Dictionary<string, string> Known { get; set; } = new Dictionary<string, string>();

        /// <summary>Plausible ranges by reading name (e.g. "temperature_c"); readings outside are kept and flagged.</summary>
        public Dictionary<string, RangeSetting> Plausible { get; set; } = new Dictionary<string, RangeSetting>
        {
            ["temperature_c"] = new RangeSetting { Min = -35, Max = 60 },
            ["humidity_pct"] = new RangeSetting { Min = 0, Max = 100 },
            ["pressure_hpa"] = new RangeSetting { Min = 870, Max = 1085 },
            ["battery_v"] = new RangeSetting { Min = 2.5, Max = 4.4 },
        };
    }

    public sealed class RangeSetting
    {
        public double Min { get; set; }

        public double Max { get; set; }
    }

    public sealed class FilterSettings
    {
        /// <summary>Frames per minute a node may send before the excess is dropped (counted); 0 turns it off.</summary>
        public int MaxFramesPerNodePerMinute { get; set; } = 120;

        /// <summary>Report-by-exception: a sample is forwarded only when a reading moved by more than this since the last forwarded one.</summary>
        public Dictionary<string, double> Deadband { get; set; } = new Dictionary<string, double>();

        /// <summary>With a deadband, forward at least one sample per node this often.</summary>
        public int HeartbeatSeconds { get; set; } = 900;

        /// <summary>Forward at most one sample per node this often; 0 forwards all.</summary>
        public int MinIntervalSeconds { get; set; }

        /// <summary>How long (node, boot, sequence) and network-server ids are remembered to drop duplicates.</summary>
        public int DedupWindowHours { get; set; } = 24;
    }

    public sealed class BufferSettings
    {
        public long MaxBytes { get; set; } = 256L * 1024 * 1024;

        public int MaxAgeDays { get; set; } = 30;

        /// <summary>
        /// Space the buffer leaves free on its file system: under it the buffer stops growing and new messages replace
        /// the oldest, whatever MaxBytes says. Room for the write-ahead log (up to ~4.3 MB between checkpoints) and for
        /// everything else on the card.
        /// </summary>
        public int MinFreeMegabytes { get; set; } = 64;

        /// <summary>Most messages committed in one transaction.</summary>
        public int CommitBatchSize { get; set; } = 500;

        /// <summary>
        /// Longest a message waits for company before the commit, counted from the previous commit's start. A commit
        /// writes several KB to the card whatever it holds (WAL pages and the 4 KiB blocks around them), so this and
        /// CommitTargetMessages trade latency for card wear: 30 ms gathers ~30 messages at 1,000 msg/s, ~500 bytes written
        /// a message (5 ms wrote ~1,700); 100 ms with a target of 100 wrote ~310 at 1,000 and at 5,000 msg/s before buffer
        /// version 2 (less since), with a p99 latency of ~110 and ~35 ms (docs/performance-syscalls-2026-11-30.md). After
        /// a quiet spell a message is committed at once; sensor data tolerates the wait.
        /// </summary>
        public int CommitDelayMilliseconds { get; set; } = 30;

        /// <summary>
        /// Messages in a batch at which it stops waiting out CommitDelayMilliseconds (what has already arrived still
        /// joins, up to CommitBatchSize, which also caps this): at 5,000 msg/s a batch closes after ~6 ms instead of 30.
        /// </summary>
        public int CommitTargetMessages { get; set; } = 32;

        public int MaxQuarantineRows { get; set; } = 10000;

        /// <summary>
        /// true (the default): a commit waits for the disk (synchronous=FULL) before uplinks are acknowledged. false
        /// skips that wait (synchronous=OFF): a power cut may then lose acknowledged uplinks. For measuring what the
        /// durability costs, not for a Smile Place.
        /// </summary>
        public bool Durable { get; set; } = true;
    }

    public sealed class HealthSettings
    {
        /// <summary>Where the status page, health and metrics endpoints listen; loopback by default.</summary>
        public string Url { get; set; } = "http://127.0.0.1:8089";

        /// <summary>Basic authentication for the status page, /status and /metrics (not the health probes): set both when the Url is not loopback.</summary>
        public string? Username { get; set; }

        public string? Password { get; set; }

        /// <summary>The status page marks a node silent after this long without an uplink.</summary>
        public int SilentAfterMinutes { get; set; } = 60;
    }
}
