using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks.Formats
{
    /// <summary>
    /// SenML (RFC 8428) packs on {prefix}/{site}/{node}/senml: base name "urn:dev:eui64:{deveui}:" for LoRaWAN nodes
    /// and "urn:dev:smile:{node}:" for Wi-Fi nodes, an absolute base time, one record per reading in its RFC 8428
    /// primary unit (the table in <see cref="Readings"/>: ppm and µg/m³ are only RFC 8798 secondary units, so CO2 goes
    /// as a ratio and particulate matter as kg/m3), presence as a boolean value, and a string record "message_id" so a
    /// consumer can drop a redelivered pack.
    /// </summary>
    public sealed class SenMlFormat : IPlatformFormat
    {
        private readonly string _prefix;

        public SenMlFormat(string topicPrefix) => _prefix = topicPrefix;

        public IEnumerable<(string Topic, byte[] Payload)> From(JsonObject measurement)
        {
            string node = (string)measurement["node_id"]!;
            string site = (string)measurement["site"]!;
            bool lorawan = (string?)measurement["link"]?["transport"] == "lorawan";
            DateTimeOffset observed = DateTimeOffset.Parse((string)measurement["observed_at"]!, CultureInfo.InvariantCulture);
            var pack = new JsonArray();
            foreach (JsonNode? reading in (JsonArray)measurement["readings"]!)
            {
                var record = new JsonObject();
                if (pack.Count == 0)
                {
                    record["bn"] = (lorawan ? "urn:dev:eui64:" : "urn:dev:smile:") + node.ToLowerInvariant() + ":";
                    record["bt"] = observed.ToUnixTimeMilliseconds() / 1000.0;
                }

                Reading row = Readings.Named((string)reading!["name"]!);
                record["n"] = row.Name;
                JsonNode value = reading["value"]!;
                if (row.SenMl is not { } unit)
                {
                    record["vb"] = value.GetValue<bool>();
                }
                else
                {
                    record["u"] = unit.Code;
                    record["v"] = unit.Factor == 1 ? value.GetValue<double>() : value.GetValue<double>() * unit.Factor;
                }

                pack.Add((JsonNode)record);
            }

            pack.Add((JsonNode)new JsonObject { ["n"] = "message_id", ["vs"] = (string)measurement["message_id"]! });
            yield return (_prefix + "/" + site + "/" + node + "/senml", JsonBytes.Of(pack));
        }
    }
}
