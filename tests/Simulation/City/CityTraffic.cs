using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Simulation.City
{
    /// <summary>
    /// Normalized messages as a gateway publishes them (gateway/Smile.Gateway/Sinks/MessageRenderer.cs): the same
    /// fields, ids of the same shape (node:boot:seq:sample:first receive time), on the same topics.
    /// </summary>
    public static class CityTraffic
    {
        public const string Gateway = "gw-test";

        /// <summary>The NATS subject of the MQTT topic smile/v1/{site}/{node}/measurement.</summary>
        public static string MeasurementSubject(string site, string node) => "smile.v1." + site + "." + node + ".measurement";

        public static string MeasurementTopic(string site, string node) => "smile/v1/" + site + "/" + node + "/measurement";

        /// <summary>Measurement number i of a node: temperature, humidity, pressure, presence and motion, deterministic in i.</summary>
        public static JsonObject Measurement(string site, string node, int i, DateTimeOffset observedAt)
        {
            long receivedMs = observedAt.ToUnixTimeMilliseconds() + 1500;
            return new JsonObject
            {
                ["schema"] = "smile.measurement.v1",
                ["message_id"] = node + ":1:" + (i % 4096) + ":0:" + (receivedMs + (i / 4096)),
                ["gateway_id"] = Gateway,
                ["site"] = site,
                ["node_id"] = node,
                ["received_at"] = Time(DateTimeOffset.FromUnixTimeMilliseconds(receivedMs)),
                ["observed_at"] = Time(observedAt),
                ["observed_time_source"] = "node_clock",
                ["readings"] = new JsonArray
                {
                    Reading("temperature", Math.Round(15 + (i % 100) * 0.1, 2), "Cel"),
                    Reading("humidity", 40 + (i % 50), "%RH"),
                    Reading("pressure", 101000 + (i % 700), "Pa"),
                    new JsonObject { ["name"] = "presence", ["value"] = i % 3 == 0 },
                    Reading("motion_count", i % 5, "count"),
                },
                ["quality"] = new JsonArray(),
                ["link"] = new JsonObject { ["transport"] = "lorawan", ["source"] = "chirpstack", ["rssi_dbm"] = -97, ["snr_db"] = 7.5, ["lorawan_gateway"] = "a84041ffff1ec0de", ["f_cnt"] = i, ["f_port"] = 1 },
                ["frame"] = new JsonObject { ["codec"] = "smile-frame/1", ["seq"] = i % 4096, ["boot"] = 1, ["sample"] = 0, ["samples"] = 1 },
            };
        }

        public static byte[] Bytes(JsonNode message) => JsonSerializer.SerializeToUtf8Bytes(message);

        private static JsonObject Reading(string name, double value, string unit) => new JsonObject { ["name"] = name, ["value"] = value, ["unit"] = unit };

        private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
