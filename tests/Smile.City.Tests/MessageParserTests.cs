using System.Text;
using Smile.Ingest.Messages;
using Smile.Simulation.City;
using Xunit;

namespace Smile.City.Tests
{
    public sealed class MessageParserTests
    {
        private static readonly MessageParser Parser = new MessageParser(65536);

        [Fact]
        public void A_gateway_measurement_becomes_typed_rows()
        {
            var message = CityTraffic.Measurement("hafen", "node-1", 3, new System.DateTimeOffset(2026, 11, 29, 8, 0, 0, System.TimeSpan.Zero));
            var parsed = Assert.IsType<MeasurementMessage>(Parser.Parse(new InboundMessage("smile.v1.hafen.node-1.measurement", 1, CityTraffic.Bytes(message))));

            Assert.Equal(("hafen", "node-1", 5), (parsed.Site, parsed.NodeId, parsed.Readings.Count));
            Assert.Equal(true, parsed.Readings[3].Present);
            Assert.Equal(-97, parsed.Link.RssiDbm);
        }

        [Theory]
        [InlineData("[]", "malformed_json")]
        [InlineData("{\"schema\":\"smile.measurement.v1\",\"message_id\":\"x\"", "malformed_json")]
        [InlineData("{\"schema\":\"smile.measurement.v1\"}", "missing_message_id")]
        [InlineData("{\"message_id\":\"x\"}", "missing_field")]
        [InlineData("{\"schema\":\"smile.other.v1\",\"message_id\":\"x\"}", "unknown_schema")]
        public void What_does_not_fit_the_schema_is_rejected_with_its_reason(string json, string reason)
        {
            var rejected = Assert.IsType<RejectedMessage>(Parser.Parse(new InboundMessage("s", 1, Encoding.UTF8.GetBytes(json))));
            Assert.Equal(reason, rejected.Reason);
        }

        [Fact]
        public void The_same_reading_twice_in_one_message_is_rejected()
        {
            var message = CityTraffic.Measurement("hafen", "node-1", 3, new System.DateTimeOffset(2026, 11, 29, 8, 0, 0, System.TimeSpan.Zero));
            message["readings"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "temperature", ["value"] = 1, ["unit"] = "Cel" });
            var rejected = Assert.IsType<RejectedMessage>(Parser.Parse(new InboundMessage("s", 1, CityTraffic.Bytes(message))));
            Assert.Equal("bad_field", rejected.Reason);
        }
    }
}
