using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Nodectl
{
    /// <summary>One message of the normalized stream (gateway/schema) as one readable line.</summary>
    public static class StreamLine
    {
        public static string Format(string topic, string payload)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(payload) as JsonObject;
            }
            catch (JsonException e)
            {
                return topic + "  NOT JSON (" + e.Message + "): " + Shorten(payload);
            }

            if (message == null)
            {
                return topic + "  NOT A JSON OBJECT: " + Shorten(payload);
            }

            string node = (string?)message["node_id"] ?? "-";
            string schema = (string?)message["schema"] ?? "";
            return schema switch
            {
                "smile.measurement.v1" => Time(message, "observed_at") + "  " + node + "  " + Readings(message) + Link(message) + Frame(message),
                "smile.node-status.v1" => Time(message, "received_at") + "  " + node + "  status: firmware " + message["firmware"] + ", " + message["reset_reason"]
                    + ", " + message["buffered_samples"] + " buffered, " + message["dropped_samples"] + " dropped"
                    + (message["battery_v"] != null ? ", battery " + Number(message["battery_v"]!) + " V" : "") + Link(message),
                "smile.dead-letter.v1" => Time(message, "received_at") + "  " + node + "  DEAD LETTER " + message["reason"] + ", " + message["detail"]
                    + " (from " + message["source_topic"] + ")",
                "smile.gateway-status.v1" => Time(message, "at") + "  gateway " + message["gateway_id"] + "  " + ((bool?)message["online"] == true ? "online" : "OFFLINE")
                    + ", " + message["buffered_messages"] + " buffered, " + message["quarantined"] + " quarantined, " + message["dropped_buffer_full"] + " dropped (buffer full)"
                    + ((bool?)message["buffer_below_floor"] == true ? ", CARD FULL: the buffer no longer grows, an outage now drops the oldest messages" : ""),
                _ => topic + "  " + Shorten(payload),
            };
        }

        private static string Readings(JsonObject message)
        {
            var parts = new List<string>();
            foreach (JsonNode? reading in message["readings"] as JsonArray ?? new JsonArray())
            {
                JsonNode value = reading!["value"]!;
                string text = value.GetValueKind() == JsonValueKind.True ? "yes" : value.GetValueKind() == JsonValueKind.False ? "no" : Number(value) + " " + (string?)reading["unit"];
                parts.Add(reading["name"] + " " + text.Trim());
            }

            return string.Join(" · ", parts);
        }

        private static string Link(JsonObject message)
        {
            JsonNode? link = message["link"];
            if (link == null)
            {
                return "";
            }

            string text = "  [" + link["transport"];
            JsonNode? rssi = link["rssi_dbm"] ?? link["node_rssi_dbm"];
            JsonNode? snr = link["snr_db"] ?? link["node_snr_db"];
            text += rssi != null ? " " + Number(rssi) + " dBm" : "";
            text += snr != null ? " SNR " + Number(snr) + " dB" : "";
            return text + "]";
        }

        private static string Frame(JsonObject message) =>
            message["frame"] is JsonObject frame ? "  seq " + frame["seq"] + " boot " + frame["boot"] + " sample " + frame["sample"] : "";

        private static string Time(JsonObject message, string key) => (string?)message[key] ?? "-";

        private static string Number(JsonNode value) => value.GetValue<double>().ToString(CultureInfo.InvariantCulture);

        private static string Shorten(string text) => text.Length <= 200 ? text : text.Substring(0, 197) + "...";
    }
}
