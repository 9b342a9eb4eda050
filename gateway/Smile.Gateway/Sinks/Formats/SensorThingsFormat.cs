using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// OGC SensorThings API over MQTT, as FROST-Server (Hamburg's Urban Data Platform) accepts it: one Observation
    /// per reading, published to "v1.1/Datastreams(id)/Observations". Which Datastream a reading belongs to comes from
    /// a mapping file, {"node id": {"temperature": 101, "humidity": 102}}; readings without a Datastream are left
    /// out of this format (the normalized stream still has them).
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

        /// <summary>Reads the mapping file; a malformed file is an error at start, naming the file and the problem.</summary>
        public static Dictionary<string, Dictionary<string, long>> ReadMapping(string path)
        {
            try
            {
                return JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, long>>>(File.ReadAllText(path))
                    ?? throw new InvalidDataException(path + " is empty");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(path + ": " + e.Message + " (expected {\"node\": {\"quantity\": datastream id}})", e);
            }
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
                if (!streams.TryGetValue((string)reading!["name"]!, out long datastream))
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
                        ["unit"] = (string?)reading["unit"],
                    },
                };
                yield return (_version + "/Datastreams(" + datastream + ")/Observations", JsonSerializer.SerializeToUtf8Bytes(observation));
            }
        }
    }
}
