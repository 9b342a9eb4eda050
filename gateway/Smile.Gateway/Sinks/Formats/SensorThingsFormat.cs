using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// OGC SensorThings API over MQTT, as FROST-Server (Hamburg's Urban Data Platform) accepts it: one Observation
    /// per reading, published to "v1.1/Datastreams(id)/Observations". Which Datastream a reading belongs to comes from
    /// a mapping file, {"node id": {"temperature": 101, "humidity": 102}}, keyed by the reading names of
    /// <see cref="Readings"/>; readings without a Datastream are left out of this format (the normalized stream still
    /// has them). An Observation has no unit of its own (the Datastream's unitOfMeasurement holds it), so the normalized
    /// unit goes along in its parameters.
    /// </summary>
    public sealed class SensorThingsFormat : IPlatformFormat
    {
        private readonly Dictionary<string, Dictionary<string, long>> _datastreams;
        private readonly string _version;

        public SensorThingsFormat(Dictionary<string, Dictionary<string, long>> datastreams, string version)
        {
            _datastreams = datastreams;
            _version = version;
        }

        /// <summary>
        /// Reads the mapping file; a malformed file, or a name that is no reading (a typo would silently leave the reading
        /// out), is an error at start, naming the file and the problem.
        /// </summary>
        public static Dictionary<string, Dictionary<string, long>> ReadMapping(string path)
        {
            Dictionary<string, Dictionary<string, long>> mapping;
            try
            {
                mapping = JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJson.Default.DictionaryStringDictionaryStringInt64)
                    ?? throw new InvalidDataException(path + " is empty");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(path + ": " + e.Message + " (expected {\"node\": {\"quantity\": datastream id}})", e);
            }

            foreach ((string node, Dictionary<string, long> streams) in mapping)
            {
                string? unknown = streams.Keys.FirstOrDefault(name => !Readings.IsName(name));
                if (unknown != null)
                {
                    throw new InvalidDataException(path + ": node " + node + " maps '" + unknown + "', which is no reading; readings: "
                        + string.Join(", ", Readings.All.Select(r => r.Name)));
                }
            }

            return mapping;
        }

        public IEnumerable<(string Topic, byte[] Payload)> From(JsonObject measurement)
        {
            string node = (string)measurement["node_id"]!;
            if (!_datastreams.TryGetValue(node, out Dictionary<string, long>? streams))
            {
                yield break;
            }

            foreach (JsonNode? reading in (JsonArray)measurement["readings"]!)
            {
                Reading row = Readings.Named((string)reading!["name"]!);
                if (!streams.TryGetValue(row.Name, out long datastream))
                {
                    continue;
                }

                var observation = new JsonObject
                {
                    ["phenomenonTime"] = (string)measurement["observed_at"]!,
                    ["resultTime"] = (string)measurement["received_at"]!,
                    ["result"] = reading["value"]!.DeepClone(),
                    ["parameters"] = new JsonObject
                    {
                        ["message_id"] = (string)measurement["message_id"]!,
                        ["unit"] = row.Unit,
                    },
                };
                yield return (_version + "/Datastreams(" + datastream + ")/Observations", JsonBytes.Of(observation));
            }
        }
    }
}
