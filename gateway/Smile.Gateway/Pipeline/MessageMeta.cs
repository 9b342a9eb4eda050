using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Smile.Gateway.Sources;

namespace Smile.Gateway.Pipeline
{
    /// <summary>What the outbox keeps beside a frame: link facts, which samples pass the filters, decoder warnings; or, for a dead letter, why.</summary>
    public sealed class MessageMeta
    {
        [JsonPropertyName("src")] public string Source { get; set; } = "";
        [JsonPropertyName("t")] public string? Transport { get; set; }
        [JsonPropertyName("rssi")] public int? Rssi { get; set; }
        [JsonPropertyName("snr")] public double? Snr { get; set; }
        [JsonPropertyName("gw")] public string? Gateway { get; set; }
        [JsonPropertyName("fcnt")] public long? FCnt { get; set; }
        [JsonPropertyName("fport")] public int? FPort { get; set; }

        /// <summary>Indexes of samples the filters dropped; absent when all are forwarded.</summary>
        [JsonPropertyName("skip")] public List<int>? Skipped { get; set; }

        [JsonPropertyName("warn")] public List<string>? Warnings { get; set; }

        // Dead letters only.
        [JsonPropertyName("topic")] public string? Topic { get; set; }
        [JsonPropertyName("reason")] public string? Reason { get; set; }
        [JsonPropertyName("byte")] public int? Byte { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        public static MessageMeta ForUplink(Uplink uplink) => new MessageMeta
        {
            Source = UplinkSourceNames.Of(uplink.Source),
            Transport = uplink.Link.Transport,
            Rssi = uplink.Link.RssiDbm,
            Snr = uplink.Link.SnrDb,
            Gateway = uplink.Link.GatewayId,
            FCnt = uplink.Link.FCnt,
            FPort = uplink.Link.FPort,
        };

        public string ToJson() => JsonSerializer.Serialize(this, Options);

        public static MessageMeta Parse(string json) => JsonSerializer.Deserialize<MessageMeta>(json, Options) ?? new MessageMeta();
    }
}
