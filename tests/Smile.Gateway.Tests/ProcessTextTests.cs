using Smile.Gateway.Health;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The kernel texts behind /status's and /metrics' process figures, read when they are not what the code expects:
    /// the figure is unknown, and the pages still answer. A throw here turned every /status and /metrics request into
    /// an error (long.Parse on write_bytes).
    /// </summary>
    public sealed class ProcessTextTests
    {
        [Theory]
        [InlineData("rchar: 1\nwrite_bytes: 8192\ncancelled_write_bytes: 0", 8192)]
        [InlineData("write_bytes: 9223372036854775807", long.MaxValue)]
        [InlineData("write_bytes: 9223372036854775808", -1)] // one past long's limit
        [InlineData("write_bytes: 99999999999999999999999", -1)]
        [InlineData("write_bytes: -5", -1)]
        [InlineData("write_bytes: 12kB", -1)]
        [InlineData("write_bytes:", -1)]
        [InlineData("rchar: 1\nwchar: 2", -1)] // a kernel without task I/O accounting
        [InlineData("", -1)]
        public void Write_bytes_is_read_when_it_is_a_count_and_unknown_otherwise(string io, long expected)
        {
            Assert.Equal(expected, ProcessResources.WriteBytesOf(io.Split('\n')));
        }

        [Theory]
        [InlineData("1000 250 30 1 0 200 0\n", 4096, 250L * 4096)]
        [InlineData("1000 2251799813685247 30", 4096, 2251799813685247L * 4096)] // the largest page count that fits
        [InlineData("1000 2251799813685248 30", 4096, null)] // times 4096 would overflow long
        [InlineData("1000 -1 30", 4096, null)]
        [InlineData("1000 x 30", 4096, null)]
        [InlineData("1000", 4096, null)]
        public void The_resident_set_is_read_when_its_page_count_fits_and_unknown_otherwise(string statm, int pageSize, long? expected)
        {
            Assert.Equal(expected, ProcessResources.ResidentBytesOf(statm, pageSize));
        }
    }
}
