using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>nodectl tail's line for the gateway's own status, in process.</summary>
    public sealed class StreamLineTests
    {
        private const string Topic = "smile/v1/rostock/gateway/gw-1/status";

        [Fact]
        public void A_gateway_whose_card_is_under_the_buffers_floor_says_so_and_one_with_room_does_not()
        {
            string full = StreamLine.Format(Topic, Status(below: true));
            string room = StreamLine.Format(Topic, Status(below: false));

            Assert.Contains("gateway gw-1  online, 12 buffered, 0 quarantined, 3 dropped (buffer full), CARD FULL", full);
            Assert.DoesNotContain("CARD FULL", room);
        }

        private static string Status(bool below) =>
            "{\"schema\":\"smile.gateway-status.v1\",\"gateway_id\":\"gw-1\",\"site\":\"rostock\",\"online\":true,\"at\":\"2026-11-30T18:00:00Z\","
            + "\"buffered_messages\":12,\"buffer_bytes\":900,\"buffer_disk_free_bytes\":1048576,\"buffer_below_floor\":" + (below ? "true" : "false")
            + ",\"dropped_buffer_full\":3,\"dropped_expired\":0,\"quarantined\":0,\"messages_in\":40,\"messages_out\":28}";
    }
}
