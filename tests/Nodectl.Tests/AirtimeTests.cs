using System.IO;
using Smile.Nodectl;
using Xunit;

namespace Smile.Nodectl.Tests
{
    public class AirtimeTests
    {
        /// <summary>The worked numbers of formats.md §4 (BW 125 kHz, CR 4/5, 8-symbol preamble, explicit header, CRC on).</summary>
        [Theory]
        [InlineData(10, 7, 41.2)]
        [InlineData(10, 11, 577.5)]
        [InlineData(10, 12, 991.2)]
        [InlineData(13, 9, 164.9)]
        [InlineData(20, 8, 102.9)]
        [InlineData(23, 12, 1482.8)]
        [InlineData(31, 7, 71.9)]
        [InlineData(31, 12, 1810.4)]
        [InlineData(51, 10, 616.4)]
        [InlineData(51, 12, 2465.8)]
        public void Time_on_air_matches_the_worked_table(int phyBytes, int sf, double expectedMs)
        {
            Assert.Equal(expectedMs, Airtime.Milliseconds(phyBytes, sf), 1);
        }

        [Fact]
        public void The_cayenne_frame_gets_16_uplinks_a_day_at_sf12_under_ttn_fair_use()
        {
            var output = new StringWriter();
            Assert.Equal(0, AirtimeCommand.Run(18, 12, output, new StringWriter()));
            Assert.Contains("1810.4 ms", output.ToString());
            Assert.Contains("at most 16 uplinks a day", output.ToString());
        }
    }
}
