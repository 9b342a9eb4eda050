using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Smile.Gateway.Sources;

namespace Smile.Gateway.Pipeline
{
    /// <summary>What the outbox keeps beside a frame: link facts, which samples pass the filters, decoder warnings; or, for a dead letter, why.</summary>
    public sealed class MessageMeta
    {
        // One-letter names: this is written once per uplink to an SD card (docs/performance.md, "Bytes written per message").
        [JsonPropertyName("s")] public string Source { get; set; } = "";
        [JsonPropertyName("r")] public int? Rssi { get; set; }
        [JsonPropertyName("n")] public double? Snr { get; set; }
        [JsonPropertyName("g")] public string? Gateway { get; set; }
        [JsonPropertyName("f")] public long? FCnt { get; set; }
        [JsonPropertyName("p")] public int? FPort { get; set; }

        /// <summary>Indexes of samples the filters dropped; absent when all are forwarded.</summary>
        [JsonPropertyName("k")] public List<int>? Skipped { get; set; }

        [JsonPropertyName("w")] public List<string>? Warnings { get; set; }

        // Dead letters only.
        [JsonPropertyName("topic")] public string? Topic { get; set; }
        [JsonPropertyName("reason")] public string? Reason { get; set; }
        [JsonPropertyName("byte")] public int? Byte { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }

        /// <summary>Length and SHA-256 (hex) of the whole input when the frame column keeps only its first bytes (<see cref="RawExcerpt"/>).</summary>
        [JsonPropertyName("rl")] public int? RawLength { get; set; }

        [JsonPropertyName("h")] public string? RawSha256 { get; set; }

        /// <summary>Wi-Fi nodes reach the gateway over Wi-Fi; the network servers' over LoRaWAN.</summary>
        [JsonIgnore] public string Transport => Source == "wifi" ? "wifi" : Source.Length == 0 ? "unknown" : "lorawan";

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        public static MessageMeta ForUplink(Uplink uplink) => new MessageMeta
        {
            Source = UplinkSourceNames.Of(uplink.Source),
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
