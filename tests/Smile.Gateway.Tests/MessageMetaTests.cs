using System.Collections.Generic;
using Smile.Gateway.Pipeline;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The meta column's keys: what a buffer on a device holds must read after an upgrade.</summary>
    public sealed class MessageMetaTests
    {
        [Fact]
        public void A_row_written_by_an_earlier_gateway_reads_with_every_field()
        {
            const string written = "{\"s\":\"chirpstack\",\"r\":-97,\"n\":-3.5,\"g\":\"0016c001f153a14c\",\"f\":4711,\"p\":2,\"k\":[0,2],\"w\":[\"clock_not_synced\"]}";

            MessageMeta meta = MessageMeta.Parse(written);

            Assert.Equal(("chirpstack", -97, -3.5, "0016c001f153a14c", 4711L, 2), (meta.Source, meta.Rssi, meta.Snr, meta.Gateway, meta.FCnt, meta.FPort));
            Assert.Equal(new List<int> { 0, 2 }, meta.Skipped);
            Assert.Equal(new List<string> { "clock_not_synced" }, meta.Warnings);
            Assert.Equal("lorawan", meta.Transport);
            Assert.Equal(written, meta.ToJson());
        }

        [Fact]
        public void A_dead_letter_written_by_an_earlier_gateway_reads_with_its_reason()
        {
            const string written = "{\"s\":\"wifi\",\"topic\":\"smile/up/n1\",\"reason\":\"bad_crc\",\"byte\":9,\"message\":\"crc mismatch\",\"rl\":70000,\"h\":\"ab12\"}";

            MessageMeta meta = MessageMeta.Parse(written);

            Assert.Equal(("wifi", "smile/up/n1", "bad_crc", 9, "crc mismatch", 70000, "ab12"),
                (meta.Source, meta.Topic, meta.Reason, meta.Byte, meta.Message, meta.RawLength, meta.RawSha256));
            Assert.Equal(written, meta.ToJson());
        }
    }
}
