using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// FIWARE Smart Data Models as NGSI-LD entities (normalized form) on {prefix}/{site}/{node}/ngsi-ld:
    /// WeatherObserved (temperature °C, relativeHumidity as 0..1, atmosphericPressure in hPa: the attributes, unit codes
    /// and factors of <see cref="Readings"/>), AirQualityObserved when
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

        // Which readings make which entity: WeatherObserved and AirQualityObserved are made when one of their own
        // readings is there, and the air entity repeats temperature and humidity, as its model has them too.
        private static readonly int[] WeatherReadings = { Fields.Temperature, Fields.Humidity, Fields.Pressure };
        private static readonly int[] AirReadings = { Fields.Co2, Fields.Pm2_5, Fields.Pm10 };
        private static readonly int[] AirAlsoCarries = { Fields.Temperature, Fields.Humidity };

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
            Dictionary<int, JsonNode> values = ((JsonArray)measurement["readings"]!).ToDictionary(r => Readings.Named((string)r!["name"]!).Field, r => r!["value"]!);
            var entities = new List<JsonObject>();
            if (WeatherReadings.Any(values.ContainsKey))
            {
                JsonObject weather = Entity("WeatherObserved", node, site, observed);
                AddAll(weather, WeatherReadings, values, observed);
                entities.Add(weather);
            }

            if (AirReadings.Any(values.ContainsKey))
            {
                JsonObject air = Entity("AirQualityObserved", node, site, observed);
                AddAll(air, AirReadings, values, observed);
                AddAll(air, AirAlsoCarries, values, observed);
                entities.Add(air);
            }

            if (values.TryGetValue(Fields.Presence, out JsonNode? presence))
            {
                JsonObject crowd = Entity("CrowdFlowObserved", node, site, observed);
                crowd[Readings.Of(Fields.Presence).NgsiLd!.Property] = new JsonObject
                {
                    ["type"] = "Property",
                    ["value"] = presence.GetValue<bool>() ? 1.0 : 0.0,
                    ["observedAt"] = observed,
                };
                entities.Add(crowd);
            }

            foreach (JsonObject entity in entities)
            {
                yield return (_prefix + "/" + site + "/" + node + "/ngsi-ld", JsonBytes.Of(entity));
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

        /// <summary>The measured properties present, converted into the model's units (the table's NGSI-LD attributes).</summary>
        private static void AddAll(JsonObject entity, int[] fields, Dictionary<int, JsonNode> values, string observed)
        {
            foreach (int field in fields)
            {
                if (values.TryGetValue(field, out JsonNode? value))
                {
                    NgsiLdAttribute attribute = Readings.Of(field).NgsiLd!;
                    entity[attribute.Property] = new JsonObject
                    {
                        ["type"] = "Property",
                        ["value"] = System.Math.Round(value.GetValue<double>() * attribute.Factor, 6),
                        ["unitCode"] = attribute.UnitCode,
                        ["observedAt"] = observed,
                    };
                }
            }
        }
    }
}
