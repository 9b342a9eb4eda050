using System;
using Xunit;

namespace Smile.Frames.Tests
{
    public class FieldTests
    {
        [Fact]
        public void Every_code_of_every_field_quantizes_back_to_itself()
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                for (int raw = 0; raw <= Fields.MaxRaw(field); raw++)
                {
                    Assert.True(Fields.TryQuantize(field, Fields.ToValue(field, raw), out int back), Fields.Name(field) + " " + raw);
                    Assert.Equal(raw, back);
                }
            }
        }

        [Fact]
        public void Gas_values_are_never_near_a_rounding_tie_so_every_language_prints_the_same_ohms()
        {
            for (int raw = 0; raw <= Fields.MaxRaw(Fields.GasResistance); raw++)
            {
                double exact = Fields.GasMinimumOhm * Math.Pow(10, raw / (double)Fields.GasCodesPerDecade);
                double fraction = exact - Math.Floor(exact);
                Assert.True(Math.Abs(fraction - 0.5) > 1e-6, "code " + raw + " is " + exact);
            }
        }

        [Theory]
        [InlineData(Fields.Temperature, -40.01)]
        [InlineData(Fields.Temperature, 123.84)]
        [InlineData(Fields.Humidity, 100.5)]
        [InlineData(Fields.Humidity, -0.5)]
        [InlineData(Fields.Pressure, 699.9)]
        [InlineData(Fields.Battery, 4.56)]
        [InlineData(Fields.GasResistance, 0)]
        [InlineData(Fields.GasResistance, 50)]
        [InlineData(Fields.Co2, 10240)]
        [InlineData(Fields.Temperature, double.NaN)]
        public void Values_outside_a_field_are_refused(int field, double value)
        {
            Assert.False(Fields.TryQuantize(field, value, out _));
            Assert.False(new Sample().SetValue(field, value));
        }

        [Theory]
        [InlineData(Fields.Temperature, 21.374, 21.37)]
        [InlineData(Fields.Temperature, 21.376, 21.38)]
        [InlineData(Fields.Humidity, 45.74, 45.5)]
        [InlineData(Fields.Humidity, 45.76, 46.0)]
        [InlineData(Fields.Pressure, 1013.25, 1013.3)]
        [InlineData(Fields.Co2, 417.4, 415)]
        [InlineData(Fields.Co2, 417.6, 420)]
        public void Values_round_to_the_nearest_step(int field, double value, double expected)
        {
            var sample = new Sample();
            Assert.True(sample.SetValue(field, value));
            Assert.Equal(expected, sample.GetValue(field), 9);
        }
    }
}
