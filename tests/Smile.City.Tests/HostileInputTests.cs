using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.City;
using Xunit;

namespace Smile.City.Tests
{
    /// <summary>
    /// What an attacker or a broken neighbour on the platform broker could publish. Each lands in ingest_dead_letter
    /// with its reason (or, for an exact resend, is absorbed), and the good messages after it still arrive: the
    /// consumer neither crashes nor stalls.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class HostileInputTests
    {
        private static readonly DateTimeOffset Day = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task Bad_messages_go_to_the_dead_letter_table_and_never_stall_the_consumer()
        {
            await using var city = await CitySide.StartAsync(instances: 1);
            var first = CitySide.Measurements(50, nodes: 5, Day).ToList();
            await city.Publisher.PublishAsync(first);
            Assert.Equal(50, await city.WaitForCountAsync("SELECT count(*) FROM measurement", 50, TimeSpan.FromSeconds(60)));

            var original = CityTraffic.Measurement("hafen", "node-0", 0, Day);
            var bad = new List<(string Reason, JsonNode? Message, string? Raw)>
            {
                ("malformed_json", null, "{\"schema\": \"smile.measurement.v1\", "),
                ("malformed_json", null, "{\"schema\": \"smile.measurement.v1\", \"value\": NaN}"),
                ("non_finite_number", null, Encoding.UTF8.GetString(CityTraffic.Bytes(Mutated(1, m => m["readings"]![0]!["value"] = 1))).Replace("\"value\":1,", "\"value\":1e400,")),
                ("value_out_of_range:temperature", Mutated(2, m => m["readings"]![0]!["value"] = 1e300), null),
                ("missing_message_id", Mutated(3, m => m.Remove("message_id")), null),
                ("missing_field", Mutated(4, m => m.Remove("observed_at")), null),
                ("bad_field", Mutated(5, m => m["frame"]!["seq"] = "seven"), null),
                ("bad_field", Mutated(6, m => m["observed_at"] = "yesterday"), null),
                ("unknown_schema", Mutated(7, m => m["schema"] = "smile.measurement.v9"), null),
                // PostgreSQL's text cannot hold NUL: the parser lets it through, the store refuses it (SQLSTATE 22…).
                ("store_failed", Mutated(8, m => m["site"] = "ha\u0000fen"), null),
                ("oversize", Mutated(9, m => m["gateway_id"] = new string('x', 70000)), null),
                // The same id as a stored message, other content: the first stays, the conflict is recorded.
                ("duplicate_id_different_content", Changed(original, m => m["readings"]![0]!["value"] = 99.5), null),
            };
            var payloads = bad.Select(b => (CityTraffic.MeasurementSubject("hafen", "node-0"), b.Raw != null ? Encoding.UTF8.GetBytes(b.Raw) : CityTraffic.Bytes(b.Message!))).ToList();
            // An exact resend of a stored message (a gateway's redelivery): absorbed without a trace.
            payloads.Add((CityTraffic.MeasurementSubject("hafen", "node-0"), CityTraffic.Bytes(original)));
            // The gateways' own status: acknowledged, not stored anywhere.
            payloads.Add(("smile.v1.hafen.gateway.gw-test.status", Encoding.UTF8.GetBytes("{\"schema\":\"smile.gateway-status.v1\",\"gateway_id\":\"gw-test\",\"online\":true}")));
            foreach (var payload in payloads)
            {
                await city.Publisher.PublishAsync(new[] { payload });
            }

            var after = CitySide.Measurements(150, nodes: 5, Day).Skip(50).ToList();
            await city.Publisher.PublishAsync(after);

            Assert.Equal(150, await city.WaitForCountAsync("SELECT count(*) FROM measurement", 150, TimeSpan.FromSeconds(60)));
            Assert.Equal(bad.Count, await city.WaitForCountAsync("SELECT count(*) FROM ingest_dead_letter", bad.Count, TimeSpan.FromSeconds(30)));
            var reasons = city.Postgres.Sql("SELECT reason FROM ingest_dead_letter ORDER BY stream_seq").Split('\n').Select(r => r.Trim()).ToList();
            Assert.Equal(bad.Select(b => b.Reason).ToList(), reasons);
            Assert.Equal("15", city.Postgres.Sql("SELECT value FROM reading WHERE message_id = '" + (string)original["message_id"]! + "' AND name = 'temperature'"));
            Assert.Contains("22", city.Postgres.Sql("SELECT detail FROM ingest_dead_letter WHERE reason = 'store_failed'"));
            Assert.Equal("70", city.Postgres.Sql("SELECT payload_length / 1000 FROM ingest_dead_letter WHERE reason = 'oversize'"));
            Assert.Equal(0, city.Count("SELECT count(*) FROM measurement WHERE site <> 'hafen'"));
            Assert.True(city.Ingests[0].Running, city.Logs());
        }

        [Fact]
        public async Task Node_status_and_gateway_dead_letters_get_their_own_tables()
        {
            await using var city = await CitySide.StartAsync(instances: 1);
            var status = new JsonObject
            {
                ["schema"] = "smile.node-status.v1", ["message_id"] = "node-1:1:17:0:1764403200000", ["gateway_id"] = "gw-test", ["site"] = "hafen",
                ["node_id"] = "node-1", ["received_at"] = "2026-11-29T08:00:00.000Z", ["firmware"] = "1.4.2", ["reset_reason"] = "power_on",
                ["config_version"] = 3, ["uptime_s"] = 86400, ["buffered_samples"] = 0, ["dropped_samples"] = 2, ["battery_v"] = 3.61,
                ["link"] = new JsonObject { ["transport"] = "wifi", ["source"] = "wifi" },
                ["frame"] = new JsonObject { ["codec"] = "smile-frame/1", ["seq"] = 17, ["boot"] = 1, ["sample"] = 0, ["samples"] = 1 },
            };
            var deadLetter = new JsonObject
            {
                ["schema"] = "smile.dead-letter.v1", ["message_id"] = "gw-test:dl:1764403200000:7", ["gateway_id"] = "gw-test", ["site"] = "hafen",
                ["node_id"] = "node-1", ["received_at"] = "2026-11-29T08:00:00.000Z", ["source"] = "wifi", ["source_topic"] = "smile/up/node-1",
                ["reason"] = "value_out_of_range", ["byte"] = 5, ["detail"] = "humidity above 100", ["raw_base64"] = "IAAQ6/zk4eQOrA==",
                ["raw_length"] = 10, ["raw_sha256"] = new string('a', 64), ["raw_truncated"] = false,
            };
            await city.Publisher.PublishAsync(new[]
            {
                ("smile.v1.hafen.node-1.status", CityTraffic.Bytes(status)),
                ("smile.v1.hafen.deadletter", CityTraffic.Bytes(deadLetter)),
            });

            Assert.Equal(1, await city.WaitForCountAsync("SELECT count(*) FROM node_status WHERE battery_v = 3.61 AND dropped_samples = 2", 1, TimeSpan.FromSeconds(60)));
            Assert.Equal(1, await city.WaitForCountAsync("SELECT count(*) FROM dead_letter WHERE byte = 5 AND length(raw) = 10", 1, TimeSpan.FromSeconds(30)));
        }

        [Fact]
        public async Task A_gateway_publishing_over_MQTT_to_the_engine_reaches_the_table()
        {
            await using var city = await CitySide.StartAsync(instances: 1);
            // The gateway's own MQTT client, QoS 1, on nats-server's MQTT listener: the stream captures smile/v1/#.
            await using var gateway = new MqttClient(new MqttClientOptions
            {
                Port = city.Nats.Members[0].MqttPort,
                ClientId = "smile-gateway-upstream",
                KeepAliveSeconds = 5,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
            gateway.Start();
            Assert.True(await gateway.WaitConnectedAsync(TimeSpan.FromSeconds(10)), "not connected: " + gateway.LastError);
            for (int i = 0; i < 200; i++)
            {
                var message = CityTraffic.Measurement("hafen", "node-7", i, Day.AddSeconds(i));
                await gateway.PublishAsync(CityTraffic.MeasurementTopic("hafen", "node-7"), CityTraffic.Bytes(message), QoS.AtLeastOnce, retain: false);
            }

            Assert.Equal(200, await city.WaitForCountAsync("SELECT count(*) FROM measurement WHERE node_id = 'node-7'", 200, TimeSpan.FromSeconds(60)));
        }

        private static JsonObject Mutated(int i, Action<JsonObject> change) =>
            Changed(CityTraffic.Measurement("hafen", "node-x", 1000 + i, Day.AddSeconds(1000 + i)), change);

        private static JsonObject Changed(JsonObject message, Action<JsonObject> change)
        {
            var copy = JsonNode.Parse(message.ToJsonString())!.AsObject();
            change(copy);
            return copy;
        }
    }
}
