using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The optional city-platform formats, made from real frames through the gateway's renderer and checked against
    /// the rules of their published formats: SenML (RFC 8428), SensorThings over MQTT (FROST), Smart Data Models in
    /// NGSI-LD normalized form.
    /// </summary>
    public sealed class PlatformFormatTests : IDisposable
    {
        // RFC 8428 section 12.1: the units a SenML pack may use without the secondary-unit registry of RFC 8798.
        private static readonly HashSet<string> PrimaryUnits = new HashSet<string>
        {
            "m", "kg", "g", "s", "A", "K", "cd", "mol", "Hz", "rad", "sr", "N", "Pa", "J", "W", "C", "V", "F", "Ohm", "S", "Wb", "T",
            "H", "Cel", "lm", "lx", "Bq", "Gy", "Sv", "kat", "m2", "m3", "l", "m/s", "m/s2", "m3/s", "l/s", "W/m2", "cd/m2", "bit",
            "bit/s", "lat", "lon", "pH", "dB", "dBW", "Bspl", "count", "/", "%", "%RH", "%EL", "EL", "1/s", "1/min", "beat/min",
            "beats", "S/m", "B", "VA", "VAs", "var", "vars", "J/m", "kg/m3", "deg",
        };

        private readonly string _mapping = Path.Combine(Path.GetTempPath(), "smile-sta-" + Guid.NewGuid().ToString("N") + ".json");

        public void Dispose() => File.Delete(_mapping);

        private List<(string Topic, JsonNode Json)> Render(string formats, string hex, string node = "hro-hafen-07", string source = "wifi")
        {
            File.WriteAllText(_mapping, "{\"hro-hafen-07\": {\"temperature\": 101, \"humidity\": 102, \"presence\": 104}}");
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "stadthafen";
            options.Upstream.Formats = formats;
            options.Upstream.SensorThings.MappingFile = _mapping;
            options.Upstream.Locations["stadthafen"] = new[] { 12.1405, 54.0887 };
            var row = new StoredMessage(7, MessageKind.Measurement, node, 1_767_225_600_000, new MessageMeta { Source = source }.ToJson(), Convert.FromHexString(hex));
            return new MessageRenderer(options).Render(row).Select(m => (m.Topic, JsonNode.Parse(Encoding.UTF8.GetString(m.Payload))!)).ToList();
        }

        [Fact]
        public void SenML_packs_follow_RFC_8428()
        {
            // The standard set, and a frame with gas resistance, CO2 and PM (the "all fields" vector).
            foreach (string hex in new[] { "204d23daff2b787903ab", "2000b47ff2ae7cf7756008257040010070" })
            {
                var (topic, pack) = Render("senml", hex).Single();
                Assert.Equal("smile/v1/stadthafen/hro-hafen-07/senml", topic);
                JsonArray records = pack.AsArray();
                string bn = (string)records[0]!["bn"]!;
                Assert.Equal("urn:dev:smile:hro-hafen-07:", bn);
                Assert.True((double)records[0]!["bt"]! > (1 << 28), "absolute base time");
                foreach (JsonNode? record in records)
                {
                    string name = bn + (string)record!["n"]!;
                    Assert.Matches("^[A-Za-z0-9][A-Za-z0-9:./_-]*$", name);
                    Assert.Equal(1, new[] { "v", "vs", "vb", "vd" }.Count(k => record[k] != null));
                    if (record["u"] != null)
                    {
                        Assert.Contains((string)record["u"]!, PrimaryUnits);
                    }
                }
            }

            JsonArray standard = Render("senml", "204d23daff2b787903ab").Single().Json.AsArray();
            Assert.Equal(101320, (double)standard.Single(r => (string)r!["n"]! == "pressure")!["v"]!);
            Assert.True((bool)standard.Single(r => (string)r!["n"]! == "presence")!["vb"]!);
            Assert.StartsWith("urn:dev:eui64:70b3d57ed0000007:", (string)Render("senml", "204d23daff2b787903ab", "70B3D57ED0000007", "chirpstack").Single().Json[0]!["bn"]!);
        }

        [Fact]
        public void SensorThings_observations_go_to_their_datastream_and_unmapped_readings_stay_out()
        {
            List<(string Topic, JsonNode Json)> observations = Render("sensorthings", "204d23daff2b787903ab");

            Assert.Equal(new[] { "v1.1/Datastreams(101)/Observations", "v1.1/Datastreams(102)/Observations", "v1.1/Datastreams(104)/Observations" },
                observations.Select(o => o.Topic));
            JsonNode temperature = observations[0].Json;
            Assert.Equal(21.37, (double)temperature["result"]!);
            Assert.True(DateTimeOffset.TryParse((string)temperature["phenomenonTime"]!, out _));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", (string)temperature["resultTime"]!);
            Assert.True((bool)observations[2].Json["result"]!);
            Assert.Empty(Render("sensorthings", "204d23daff2b787903ab", "another-node"));
        }

        [Fact]
        public void NGSI_LD_entities_carry_the_smart_data_models_attributes_in_their_units()
        {
            List<JsonNode> entities = Render("ngsi-ld", "204d23daff2b787903ab").Select(m => m.Json).ToList();

            Assert.Equal(new[] { "WeatherObserved", "CrowdFlowObserved" }, entities.Select(e => (string)e["type"]!));
            JsonNode weather = entities[0];
            Assert.Equal("urn:ngsi-ld:WeatherObserved:smile:hro-hafen-07", (string)weather["id"]!);
            Assert.Equal(0.455, (double)weather["relativeHumidity"]!["value"]!);
            Assert.Equal(1013.2, (double)weather["atmosphericPressure"]!["value"]!);
            Assert.Equal("A97", (string)weather["atmosphericPressure"]!["unitCode"]!);
            Assert.Equal(21.37, (double)weather["temperature"]!["value"]!);
            Assert.Equal(1.0, (double)entities[1]["occupancy"]!["value"]!);
            Assert.Null(entities[1]["peopleCount"]);
            foreach (JsonNode entity in entities)
            {
                // NGSI-LD normalized form: every attribute is a Property, GeoProperty or Relationship; the SDM's required ones are there.
                Assert.Matches("^urn:ngsi-ld:[A-Za-z]+:", (string)entity["id"]!);
                Assert.Equal("DateTime", (string)entity["dateObserved"]!["value"]!["@type"]!);
                Assert.Equal("Point", (string)entity["location"]!["value"]!["type"]!);
                Assert.Equal(new[] { 12.1405, 54.0887 }, entity["location"]!["value"]!["coordinates"]!.AsArray().Select(c => (double)c!));
                foreach (var (key, value) in entity.AsObject().Where(p => p.Key is not ("id" or "type" or "@context")))
                {
                    Assert.Contains((string)value!["type"]!, new[] { "Property", "GeoProperty", "Relationship" });
                }
            }

            JsonNode air = Render("ngsi-ld", "2000b47ff2ae7cf7756008257040010070").Select(m => m.Json).Single(e => (string)e["type"]! == "AirQualityObserved");
            Assert.NotNull(air["co2"]);
            Assert.Equal("59", (string)air["co2"]!["unitCode"]!);
        }

        [Fact]
        public void Formats_combine_and_an_unknown_format_is_refused_at_start()
        {
            Assert.Equal(1 + 1 + 3 + 2, Render("normalized,senml,sensorthings,ngsi-ld", "204d23daff2b787903ab").Count);
            var options = new GatewayOptions();
            options.Gateway.Id = "gw";
            options.Gateway.Site = "s";
            options.Upstream.Formats = "normalized,frost";
            var result = new GatewayOptionsValidator().Validate(null, options);
            Assert.Contains("Upstream:Formats lists 'frost'; known formats: normalized, senml, sensorthings, ngsi-ld", result.FailureMessage);
        }
    }
}
