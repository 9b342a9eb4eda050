using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Every frame vector rendered in every format, with LoRaWAN link facts, filters' skips, decoder warnings and
    /// implausible values, byte for byte as tests/vectors/rendered.txt holds it: a faster renderer must publish the
    /// same bytes (platforms may hash or sign them). SMILE_WRITE_RENDERED=1 rewrites the file, for a deliberate change.
    /// </summary>
    public sealed class RenderedBytesTests : IDisposable
    {
        private readonly string _mapping = Path.Combine(Path.GetTempPath(), "smile-sta-" + Guid.NewGuid().ToString("N") + ".json");

        public void Dispose() => File.Delete(_mapping);

        [Fact]
        public void Every_vector_renders_to_the_same_bytes_as_before()
        {
            string golden = RepoPaths.Of("tests", "vectors", "rendered.txt");
            string rendered = RenderAll();
            if (Environment.GetEnvironmentVariable("SMILE_WRITE_RENDERED") == "1")
            {
                File.WriteAllText(golden, rendered);
            }

            Assert.Equal(File.ReadAllText(golden), rendered);
        }

        private string RenderAll()
        {
            File.WriteAllText(_mapping, "{\"n-1\": {\"temperature\": 101, \"humidity\": 102, \"presence\": 104, \"co2\": 107, \"pm10\": 109}}");
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "stadthafen";
            options.Upstream.Formats = "normalized,senml,sensorthings,ngsi-ld";
            options.Upstream.SensorThings.MappingFile = _mapping;
            options.Upstream.Locations["stadthafen"] = new[] { 12.1405, 54.0887 };
            options.Nodes.Plausible["temperature_c"] = new RangeSetting { Min = -10, Max = 20 };
            var renderer = new MessageRenderer(options);
            var metas = new[]
            {
                new MessageMeta { Source = "wifi" },
                new MessageMeta { Source = "chirpstack", Rssi = -97, Snr = 7.25, Gateway = "0016c001f153a14c", FCnt = 70000, FPort = 1, Skipped = new List<int> { 1 }, Warnings = new List<string> { "w1" } },
            };
            var text = new StringBuilder();
            JsonArray vectors = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("tests", "vectors", "frames.json")))!.AsArray();
            foreach (JsonNode? vector in vectors)
            {
                foreach (MessageMeta meta in metas)
                {
                    // A row is a status row only for a status frame (the processor stores it so); any row can be a dead letter.
                    MessageKind stored = ((string)vector!["name"]!).StartsWith("status", StringComparison.Ordinal) ? MessageKind.Status : MessageKind.Measurement;
                    foreach (MessageKind kind in new[] { stored, MessageKind.DeadLetter })
                    {
                        var row = new StoredMessage(7, kind, "n-1", 1_767_225_600_123, meta.ToJson(), Convert.FromHexString((string)vector!["hex"]!));
                        text.Append("# ").Append((string)vector["name"]!).Append(' ').Append(kind).Append(' ').Append(meta.Source).Append('\n');
                        foreach (var (topic, payload) in renderer.Render(row))
                        {
                            text.Append(topic).Append(' ').Append(Encoding.UTF8.GetString(payload)).Append('\n');
                        }
                    }
                }
            }

            return text.ToString();
        }
    }
}
