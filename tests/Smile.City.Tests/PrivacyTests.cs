using System;
using System.Collections.Generic;
using System.Linq;
using Smile.Ingest.OpenData;
using Xunit;

namespace Smile.City.Tests
{
    /// <summary>
    /// The Open Data holds nothing per person and nothing per node finer than the hour: the columns are the place, the
    /// hour and aggregates, and two days that differ only in which node saw what give the same file.
    /// </summary>
    public sealed class PrivacyTests
    {
        private static readonly DateOnly Day = new DateOnly(2026, 11, 29);
        private static readonly DateTimeOffset Midnight = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public void No_column_names_a_node_a_device_a_person_or_a_time_finer_than_the_hour()
        {
            var forbidden = new[] { "node", "message", "dev_eui", "eui", "gateway", "rssi", "snr", "radar", "person", "people", "user", "id", "observed_at", "received" };
            var header = CsvRenderer.Header();

            Assert.Equal(new[] { "site", "hour_start_utc", "hour_end_utc" }, header.Take(3));
            foreach (string column in header)
            {
                string bare = column.Split(' ')[0];
                Assert.DoesNotContain(forbidden, f => bare.Split('_').Contains(f) || bare.StartsWith(f, StringComparison.Ordinal));
            }

            // Every value column is an aggregate over the hour.
            Assert.All(header.Skip(3), c => Assert.Matches(@"_(count|min|mean|max|sum|share|samples)( \[.*\])?$", c));
        }

        [Fact]
        public void Which_node_saw_presence_and_when_within_the_hour_does_not_change_the_file()
        {
            // Stored readings carry no node here by construction (ReadingQuery selects none); what could still leak is
            // the order and minute of samples. Shuffle both within each hour: the file must not change.
            var random = new Random(15);
            var readings = new List<StoredReading>();
            for (int i = 0; i < 500; i++)
            {
                var at = Midnight.AddSeconds(random.Next(0, 86400));
                readings.Add(new StoredReading(at, "presence", null, random.Next(3) == 0, null));
                readings.Add(new StoredReading(at, "motion_count", random.Next(0, 4), null, "count"));
            }

            var moved = readings.Select(r => r with { ObservedAt = HourOf(r.ObservedAt).AddSeconds(random.Next(0, 3600)) }).OrderBy(_ => random.Next()).ToList();

            Assert.Equal(CsvRenderer.Render("hafen", HourlyAggregator.Aggregate(Day, readings)), CsvRenderer.Render("hafen", HourlyAggregator.Aggregate(Day, moved)));
        }

        [Fact]
        public void The_reading_query_selects_no_node_and_no_message_id()
        {
            // The export's only database access: reading it is the check that nothing per node can come out.
            string source = System.IO.File.ReadAllText(Smile.Simulation.Place.RepoPaths.Of("tools", "Ingest", "OpenData", "ReadingQuery.cs"));
            string select = source.Substring(source.IndexOf("SELECT", StringComparison.Ordinal));
            select = select.Substring(0, select.IndexOf("FROM", StringComparison.Ordinal));
            Assert.DoesNotContain("node", select);
            Assert.DoesNotContain("message_id", select);
        }

        private static DateTimeOffset HourOf(DateTimeOffset t) => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);
    }
}
