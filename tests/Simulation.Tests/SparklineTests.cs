using Smile.Demo;
using Xunit;

namespace Smile.Simulation.Tests
{
    public class SparklineTests
    {
        [Fact]
        public void Eight_rising_values_use_every_block_once()
        {
            Assert.Equal("▁▂▃▄▅▆▇█", Sparkline.Render(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1));
        }

        [Fact]
        public void The_lowest_and_highest_reading_take_the_bottom_and_top_block()
        {
            Assert.Equal("▁█▁", Sparkline.Render(new[] { 3.2, 6.9, 3.2 }, 1));
        }

        [Fact]
        public void Noise_narrower_than_the_minimum_span_stays_near_the_middle()
        {
            Assert.Equal("▄▅▄", Sparkline.Render(new[] { 20.00, 20.05, 20.00 }, 1));
            Assert.Equal("▄▄▄▄", Sparkline.Render(new[] { 5.0, 5.0, 5.0, 5.0 }, 0));
        }

        [Fact]
        public void No_readings_draw_nothing()
        {
            Assert.Equal("", Sparkline.Render(new double[0], 1));
        }
    }
}
