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
        // Readable names (source, rssi, snr, gateway, fcnt, fport) make a LoRaWAN row's meta 96 bytes instead of 73, and
        // cost 20 to 22 more bytes written per message (264 → 285 at 500 per commit, 378 → 400 at 100; measured on the
        // buffer with write_bytes), about 8 %: not worth it. The keys are a stored format, never to be renamed
        // (buffers on devices hold them across upgrades):
        //   s source: chirpstack, tts or wifi     r RSSI in dBm        n SNR in dB          g the LoRaWAN gateway's id
        //   f the LoRaWAN frame counter            p the LoRaWAN port   k indexes of samples the filters skipped
        //   w decoder warnings, by name            u the gateway's clock was unsynchronized at receipt
        //   c milliseconds received_ms was moved by once the clock synchronized (ClockCorrector)
        //   and, for dead letters, the spelled-out keys below.
        [JsonPropertyName("s")] public string Source { get; set; } = "";
        [JsonPropertyName("r")] public int? Rssi { get; set; }
        [JsonPropertyName("n")] public double? Snr { get; set; }
        [JsonPropertyName("g")] public string? Gateway { get; set; }
        [JsonPropertyName("f")] public long? FCnt { get; set; }
        [JsonPropertyName("p")] public int? FPort { get; set; }

        /// <summary>Indexes of samples the filters dropped; absent when all are forwarded.</summary>
        [JsonPropertyName("k")] public List<int>? Skipped { get; set; }

        [JsonPropertyName("w")] public List<string>? Warnings { get; set; }

        /// <summary>True when received_at came from a clock no time source had set; absent otherwise.</summary>
        [JsonPropertyName("u")] public bool? GatewayClockUnsynced { get; set; }

        /// <summary>
        /// The step received_at was corrected by after the clock synchronized; absent when it was not. The message id
        /// keeps the time first stamped: a row published before, unacknowledged, goes out again under the same id.
        /// </summary>
        [JsonPropertyName("c")] public long? ClockStepMs { get; set; }

        // Dead letters only.
        [JsonPropertyName("topic")] public string? Topic { get; set; }
        [JsonPropertyName("reason")] public string? Reason { get; set; }
        [JsonPropertyName("byte")] public int? Byte { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }

        /// <summary>Length and SHA-256 (hex) of the whole input when the frame column keeps only its first bytes (<see cref="RawExcerpt"/>).</summary>
        [JsonPropertyName("rl")] public int? RawLength { get; set; }

        [JsonPropertyName("h")] public string? RawSha256 { get; set; }

        /// <summary>Wi-Fi nodes reach the gateway over Wi-Fi; the network servers' over LoRaWAN; the gateway's own sensor over I2C.</summary>
        [JsonIgnore] public string Transport => Source switch
        {
            "" => "unknown",
            "wifi" => "wifi",
            "gateway" => "i2c",
            _ => "lorawan",
        };

        public static MessageMeta ForUplink(Uplink uplink) => new MessageMeta
        {
            Source = UplinkSourceNames.Of(uplink.Source),
            Rssi = uplink.Link.RssiDbm,
            Snr = uplink.Link.SnrDb,
            Gateway = uplink.Link.GatewayId,
            FCnt = uplink.Link.FCnt,
            FPort = uplink.Link.FPort,
        };

        public string ToJson() => JsonSerializer.Serialize(this, GatewayJson.Default.MessageMeta);

        public static MessageMeta Parse(string json) => JsonSerializer.Deserialize(json, GatewayJson.Default.MessageMeta) ?? new MessageMeta();
    }
}
