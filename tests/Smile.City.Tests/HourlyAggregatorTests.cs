using System;
using System.Linq;
using Smile.Ingest.OpenData;
using Xunit;

namespace Smile.City.Tests
{
    public sealed class HourlyAggregatorTests
    {
        private static readonly DateOnly Day = new DateOnly(2026, 11, 29);
        private static readonly DateTimeOffset Midnight = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Statistics_sums_and_shares_per_hour()
        {
            var readings = new[]
            {
                new StoredReading(Midnight.AddMinutes(5), "temperature", 10, null, "Cel"),
                new StoredReading(Midnight.AddMinutes(35), "temperature", 14, null, "Cel"),
                new StoredReading(Midnight.AddMinutes(59.9), "temperature", 12, null, "Cel"),
                new StoredReading(Midnight.AddMinutes(61), "temperature", 30, null, "Cel"),
                new StoredReading(Midnight.AddMinutes(1), "motion_count", 3, null, "count"),
                new StoredReading(Midnight.AddMinutes(2), "motion_count", 4, null, "count"),
                new StoredReading(Midnight.AddMinutes(1), "presence", null, true, null),
                new StoredReading(Midnight.AddMinutes(2), "presence", null, false, null),
                new StoredReading(Midnight.AddMinutes(3), "presence", null, false, null),
                new StoredReading(Midnight.AddMinutes(4), "presence", null, true, null),
            };

            var hours = HourlyAggregator.Aggregate(Day, readings);

            Assert.Equal(24, hours.Count);
            var t = hours[0].Quantities["temperature"];
            Assert.Equal((3, 10.0, 12.0, 14.0), (t.Count, t.Min, t.Mean, t.Max));
            Assert.Equal(1, hours[1].Quantities["temperature"].Count);
            Assert.Equal(7, hours[0].Quantities["motion_count"].Sum);
            Assert.Equal(0.5, hours[0].Quantities["presence"].Share);
            Assert.Empty(hours[2].Quantities);
        }

        [Fact]
        public void Readings_outside_the_day_unpublished_quantities_and_foreign_units_are_left_out()
        {
            var readings = new[]
            {
                new StoredReading(Midnight.AddMinutes(-1), "temperature", 10, null, "Cel"),
                new StoredReading(Midnight.AddDays(1), "temperature", 10, null, "Cel"),
                new StoredReading(Midnight.AddMinutes(1), "battery", 3.6, null, "V"),
                new StoredReading(Midnight.AddMinutes(1), "temperature", 283.15, null, "K"),
            };

            Assert.All(HourlyAggregator.Aggregate(Day, readings), h => Assert.Empty(h.Quantities));
        }

        [Fact]
        public void The_csv_has_24_rows_and_names_every_unit_in_its_header()
        {
            string csv = CsvRenderer.Render("hafen", HourlyAggregator.Aggregate(Day, new[] { new StoredReading(Midnight.AddMinutes(5), "pressure", 101325.4567, null, "Pa") }));
            var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(25, lines.Length);
            Assert.Contains("temperature_mean [°C]", lines[0]);
            Assert.Contains("pressure_max [Pa]", lines[0]);
            Assert.Contains("occupancy_share [1]", lines[0]);
            Assert.All(lines[0].Split(',').Skip(3), c => Assert.True(c.Contains('[') || c.EndsWith("_count") || c.EndsWith("_samples"), c));
            Assert.StartsWith("hafen,2026-11-29T00:00:00Z,2026-11-29T01:00:00Z,", lines[1]);
            Assert.Contains(",1,101325.457,101325.457,101325.457,", lines[1]);
        }
    }
}
