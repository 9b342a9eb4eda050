using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Gateway.Sinks.Formats;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The one table of reading names and units (Sinks/Readings.cs): a row for every codec field, every row in every
    /// output in its units, no name or unit spelled out elsewhere in the gateway, and tests/vectors/readings.json (what
    /// the JavaScript formatter is checked against) equal to it.
    /// </summary>
    public sealed class ReadingVocabularyTests : IDisposable
    {
        private static readonly string VectorFile = RepoPaths.Of("tests", "vectors", "readings.json");

        private readonly string _mapping = Path.Combine(Path.GetTempPath(), "smile-vocabulary-" + Guid.NewGuid().ToString("N") + ".json");

        public void Dispose() => File.Delete(_mapping);

        [Fact]
        public void Every_codec_field_has_one_row_in_field_order()
        {
            Assert.Equal(Enumerable.Range(0, Fields.Count), Readings.All.Select(r => r.Field));
            Assert.Equal(Readings.All.Count, Readings.All.Select(r => r.Name).Distinct().Count());
            Assert.All(Readings.All, r => Assert.Same(r, Readings.Named(r.Name)));
            Assert.All(Readings.All, r => Assert.Equal(Fields.IsBoolean(r.Field), r.Unit == null && r.SenMl == null));
        }

        /// <summary>Run with SMILE_WRITE_READINGS=1 to write the table into the file after changing it.</summary>
        [Fact]
        public void Tests_vectors_readings_json_is_the_table()
        {
            string expected = Export().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            if (Environment.GetEnvironmentVariable("SMILE_WRITE_READINGS") == "1")
            {
                File.WriteAllText(VectorFile, expected);
            }

            Assert.True(File.ReadAllText(VectorFile).Replace("\r\n", "\n") == expected,
                VectorFile + " differs from gateway/Smile.Gateway/Sinks/Readings.cs; after changing the table, run this test with SMILE_WRITE_READINGS=1");
        }

        [Theory]
        [InlineData("all_fields")]
        [InlineData("standard")]
        public void Every_reading_of_a_golden_frame_appears_in_every_format_in_the_tables_units(string vector)
        {
            (string hex, JsonObject codec) = Golden(vector);
            List<(string Topic, JsonNode Json)> messages = Render("normalized,senml,sensorthings,ngsi-ld", hex);
            JsonArray normalized = messages.Single(m => m.Topic.EndsWith("/measurement", StringComparison.Ordinal)).Json["readings"]!.AsArray();
            JsonArray senml = messages.Single(m => m.Topic.EndsWith("/senml", StringComparison.Ordinal)).Json.AsArray();
            List<JsonNode> entities = messages.Where(m => m.Topic.EndsWith("/ngsi-ld", StringComparison.Ordinal)).Select(m => m.Json).ToList();
            List<Reading> present = Readings.All.Where(r => codec[r.CodecName] != null).ToList();

            Assert.Equal(present.Select(r => r.Name), normalized.Select(r => (string)r!["name"]!));
            foreach (Reading reading in present)
            {
                JsonNode item = normalized.Single(r => (string)r!["name"]! == reading.Name)!;
                JsonNode record = senml.Single(r => (string?)r!["n"] == reading.Name)!;
                JsonNode observation = messages.Single(m => m.Topic == "v1.1/Datastreams(" + Datastream(reading) + ")/Observations").Json;
                Assert.Equal(reading.Unit, (string?)item["unit"]);
                Assert.Equal(reading.Unit, (string?)observation["parameters"]!["unit"]);
                if (reading.Unit == null)
                {
                    bool flag = (bool)codec[reading.CodecName]!;
                    Assert.Equal(flag, (bool)item["value"]!);
                    Assert.Equal(flag, (bool)record["vb"]!);
                    Assert.Equal(flag, (bool)observation["result"]!);
                    Assert.Equal(flag ? 1.0 : 0.0, (double)Attribute(entities, reading.NgsiLd!)["value"]!);
                    continue;
                }

                double value = (double)item["value"]!;
                Assert.Equal((double)codec[reading.CodecName]! * reading.Scale, value, 6);
                Assert.Equal(value, (double)observation["result"]!);
                Assert.Equal(reading.SenMl!.Code, (string)record["u"]!);
                Assert.Equal(value * reading.SenMl.Factor, (double)record["v"]!, 15);
                if (reading.NgsiLd is { } attribute)
                {
                    JsonNode property = Attribute(entities, attribute);
                    Assert.Equal(attribute.UnitCode, (string)property["unitCode"]!);
                    Assert.Equal(Math.Round(value * attribute.Factor, 6), (double)property["value"]!);
                }
            }
        }

        /// <summary>Names and unit codes live in the table; a literal elsewhere is a second copy that can drift.</summary>
        [Fact]
        public void No_reading_name_or_unit_is_spelled_out_elsewhere_in_the_gateway()
        {
            // "/" (SenML's ratio unit) is also the topic separator, so it cannot be told apart here.
            HashSet<string> words = Readings.All
                .SelectMany(r => new[] { r.Name, r.Unit, r.SenMl?.Code, r.NgsiLd?.Property, r.NgsiLd?.UnitCode })
                .Where(w => w is not (null or "/"))
                .Select(w => "\"" + w + "\"")
                .ToHashSet();
            string gateway = RepoPaths.Of("gateway", "Smile.Gateway");
            string table = Path.Combine(gateway, "Sinks", "Readings.cs");
            var found = new List<string>();
            foreach (string file in Directory.EnumerateFiles(gateway, "*.cs", SearchOption.AllDirectories)
                .Where(f => f != table && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    // Comments may show names, as in an example of the SensorThings mapping file.
                    if (!lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    {
                        found.AddRange(words.Where(w => lines[i].Contains(w, StringComparison.Ordinal)).Select(w => Path.GetRelativePath(gateway, file) + ":" + (i + 1) + " " + w));
                    }
                }
            }

            Assert.Empty(found);
        }

        [Fact]
        public void A_sensorthings_mapping_of_a_name_that_is_no_reading_is_refused_at_start()
        {
            File.WriteAllText(_mapping, "{\"hro-hafen-07\": {\"temperature\": 101, \"temprature\": 102}}");

            var refused = Assert.Throws<InvalidDataException>(() => SensorThingsFormat.ReadMapping(_mapping));

            Assert.Contains("node hro-hafen-07 maps 'temprature', which is no reading; readings: temperature, humidity", refused.Message);
        }

        private static int Datastream(Reading reading) => 100 + reading.Field;

        private static JsonNode Attribute(List<JsonNode> entities, NgsiLdAttribute attribute) =>
            entities.Select(e => e[attribute.Property]).First(p => p != null)!;

        private static (string Hex, JsonObject Codec) Golden(string name)
        {
            JsonNode vector = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("tests", "vectors", "frames.json")))!.AsArray().Single(v => (string)v!["name"]! == name)!;
            return ((string)vector["hex"]!, vector["decoded"]!["samples"]![0]!.AsObject());
        }

        private List<(string Topic, JsonNode Json)> Render(string formats, string hex)
        {
            var mapping = new JsonObject { ["n1"] = new JsonObject(Readings.All.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)Datastream(r)))) };
            File.WriteAllText(_mapping, mapping.ToJsonString());
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "s";
            options.Upstream.Formats = formats;
            options.Upstream.SensorThings.MappingFile = _mapping;
            options.Upstream.Locations["s"] = new[] { 12.1405, 54.0887 };
            var row = new StoredMessage(7, MessageKind.Measurement, "n1", 1_767_225_600_000, new MessageMeta { Source = "wifi" }.ToJson(), Convert.FromHexString(hex));
            return new MessageRenderer(options).Render(row).Select(m => (m.Topic, JsonNode.Parse(Encoding.UTF8.GetString(m.Payload))!)).ToList();
        }

        /// <summary>The table as JSON: what the JavaScript formatter's check (tests/formatter/check.js readings) reads.</summary>
        private static JsonArray Export() => new JsonArray(Readings.All.Select(r => (JsonNode)new JsonObject
        {
            ["field"] = r.Field,
            ["codec"] = r.CodecName,
            ["name"] = r.Name,
            ["unit"] = r.Unit,
            ["scale"] = r.Scale,
            ["senml"] = r.SenMl == null ? null : new JsonObject { ["unit"] = r.SenMl.Code, ["factor"] = r.SenMl.Factor },
            ["ngsi_ld"] = r.NgsiLd == null ? null : new JsonObject { ["property"] = r.NgsiLd.Property, ["unit_code"] = r.NgsiLd.UnitCode, ["factor"] = r.NgsiLd.Factor },
            ["tts_normalized"] = r.TtsNormalized,
        }).ToArray());
    }
}
