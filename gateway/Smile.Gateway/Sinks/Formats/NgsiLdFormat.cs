using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// FIWARE Smart Data Models as NGSI-LD entities (normalized form) on {prefix}/{site}/{node}/ngsi-ld:
    /// WeatherObserved (temperature °C, relativeHumidity as 0..1, atmosphericPressure in hPa), AirQualityObserved when
    /// CO2 or particulate matter is measured, and CrowdFlowObserved with occupancy (1 present, 0 not) for presence.
    /// Motion counts are not people counts, so peopleCount is never claimed. Location comes from the configuration
    /// (per node or per site, [longitude, latitude]); the Smart Data Models require it for the weather and air entities.
    /// </summary>
    public sealed class NgsiLdFormat : IPlatformFormat
    {
        private static readonly JsonArray Context = new JsonArray(
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Weather/master/context.jsonld",
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld",
            "https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld",
            "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");

        private readonly string _prefix;
        private readonly Dictionary<string, double[]> _locations;

        public NgsiLdFormat(string topicPrefix, Dictionary<string, double[]> locations)
        {
            _prefix = topicPrefix;
            _locations = locations;
        }

        public IEnumerable<(string Topic, byte[] Payload)> From(JsonObject measurement)
        {
            string node = (string)measurement["node_id"]!;
            string site = (string)measurement["site"]!;
            string observed = (string)measurement["observed_at"]!;
            Dictionary<string, JsonNode> values = ((JsonArray)measurement["readings"]!).ToDictionary(r => (string)r!["name"]!, r => r!["value"]!);
            var entities = new JsonArray();
            if (values.ContainsKey("temperature") || values.ContainsKey("humidity") || values.ContainsKey("pressure"))
            {
                JsonObject weather = Entity("WeatherObserved", node, site, observed);
                Add(weather, "temperature", values, "temperature", 1, "CEL", observed);
                Add(weather, "relativeHumidity", values, "humidity", 0.01, "C62", observed);
                Add(weather, "atmosphericPressure", values, "pressure", 0.01, "A97", observed);
                entities.Add(weather);
            }

            if (values.ContainsKey("co2") || values.ContainsKey("pm2_5") || values.ContainsKey("pm10"))
            {
                JsonObject air = Entity("AirQualityObserved", node, site, observed);
                Add(air, "co2", values, "co2", 1, "59", observed);
                Add(air, "pm25", values, "pm2_5", 1, "GQ", observed);
                Add(air, "pm10", values, "pm10", 1, "GQ", observed);
                Add(air, "temperature", values, "temperature", 1, "CEL", observed);
                Add(air, "relativeHumidity", values, "humidity", 0.01, "C62", observed);
                entities.Add(air);
            }

            if (values.TryGetValue("presence", out JsonNode? presence))
            {
                JsonObject crowd = Entity("CrowdFlowObserved", node, site, observed);
                crowd["occupancy"] = new JsonObject { ["type"] = "Property", ["value"] = presence.GetValue<bool>() ? 1.0 : 0.0, ["observedAt"] = observed };
                entities.Add(crowd);
            }

            foreach (JsonNode? entity in entities)
            {
                yield return (_prefix + "/" + site + "/" + node + "/ngsi-ld", JsonSerializer.SerializeToUtf8Bytes(entity));
            }
        }

        private JsonObject Entity(string type, string node, string site, string observed)
        {
            var entity = new JsonObject
            {
                ["id"] = "urn:ngsi-ld:" + type + ":smile:" + node,
                ["type"] = type,
                ["dateObserved"] = new JsonObject { ["type"] = "Property", ["value"] = new JsonObject { ["@type"] = "DateTime", ["@value"] = observed } },
                ["refDevice"] = new JsonObject { ["type"] = "Relationship", ["object"] = "urn:ngsi-ld:Device:smile:" + node },
                ["source"] = new JsonObject { ["type"] = "Property", ["value"] = "smile-gateway" },
            };
            if (_locations.TryGetValue(node, out double[]? at) || _locations.TryGetValue(site, out at))
            {
                entity["location"] = new JsonObject
                {
                    ["type"] = "GeoProperty",
                    ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(at[0], at[1]) },
                };
            }

            entity["@context"] = Context.DeepClone();
            return entity;
        }

        /// <summary>One measured property, converted by factor into the model's unit (UN/CEFACT unitCode).</summary>
        private static void Add(JsonObject entity, string property, Dictionary<string, JsonNode> values, string reading, double factor, string unitCode, string observed)
        {
            if (values.TryGetValue(reading, out JsonNode? value))
            {
                entity[property] = new JsonObject
                {
                    ["type"] = "Property",
                    ["value"] = System.Math.Round(value.GetValue<double>() * factor, 6),
                    ["unitCode"] = unitCode,
                    ["observedAt"] = observed,
                };
            }
        }
    }
}
