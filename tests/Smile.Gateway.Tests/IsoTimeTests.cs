using System;
using System.Globalization;
using System.Text;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The platform's time text, written digit by digit, against DateTime's own format of it.</summary>
    public sealed class IsoTimeTests
    {
        private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
        private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

        [Theory]
        [InlineData(0L, "1970-01-01T00:00:00.000Z")]
        [InlineData(-1L, "1969-12-31T23:59:59.999Z")]
        [InlineData(1_709_164_800_007L, "2024-02-29T00:00:00.007Z")] // a leap day
        [InlineData(1_764_577_200_123L, "2025-12-01T08:20:00.123Z")]
        public void Known_times_read_as_the_platform_expects(long unixMs, string expected)
        {
            Assert.Equal(expected, IsoTime.Text(unixMs));
        }

        [Fact]
        public void Every_time_from_year_1_to_9999_reads_as_DateTime_formats_it()
        {
            var random = new Random(13);
            Span<byte> utf8 = stackalloc byte[IsoTime.Length];
            foreach (long unixMs in new[] { MinMs, MaxMs, MinMs + 999, MaxMs - 999 })
            {
                IsoTime.Write(unixMs, utf8);
                Assert.Equal(Reference(unixMs), Encoding.ASCII.GetString(utf8));
            }

            for (int i = 0; i < 20_000; i++)
            {
                long unixMs = random.NextInt64(MinMs, MaxMs + 1);
                IsoTime.Write(unixMs, utf8);
                Assert.Equal(Reference(unixMs), Encoding.ASCII.GetString(utf8));
            }
        }

        [Fact]
        public void A_time_outside_the_years_1_to_9999_throws_as_before()
        {
            // The forwarder turns a row that fails to render into a dead letter; the exception must stay the same.
            Assert.Throws<ArgumentOutOfRangeException>(() => IsoTime.Text(MinMs - 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => IsoTime.Text(MaxMs + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => IsoTime.Text(long.MinValue));
        }

        private static string Reference(long unixMs) =>
            DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
