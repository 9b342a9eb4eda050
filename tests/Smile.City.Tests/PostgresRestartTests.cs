using System;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>PostgreSQL crashes (immediate shutdown) and comes back mid-stream: the ingest retries, nothing is lost or doubled.</summary>
    [Trait("Category", "process")]
    public sealed class PostgresRestartTests
    {
        private readonly ITestOutputHelper _output;

        public PostgresRestartTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task A_database_crash_mid_stream_loses_and_doubles_nothing()
        {
            const int total = 10000;
            await using var city = await CitySide.StartAsync(instances: 2);
            var publishing = city.Publisher.PublishAsync(CitySide.Measurements(total, nodes: 20, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));

            long before = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total / 4, TimeSpan.FromSeconds(120));
            city.Postgres.Crash();
            _output.WriteLine("PostgreSQL crashed at " + before + " rows");
            // Down longer than a few retries, shorter than the acknowledgement wait: batches wait in the instances' hands.
            await Task.Delay(TimeSpan.FromSeconds(4));
            city.Postgres.StartAgain();
            await publishing;

            long stored = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(180));
            Assert.True(stored == total, "stored " + stored + " of " + total + "\n" + city.Logs());
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(total, city.Count("SELECT count(*) FROM measurement"));
            Assert.Equal(total * 5L, city.Count("SELECT count(*) FROM reading"));
            Assert.Equal(0, city.Count("SELECT count(*) FROM ingest_dead_letter"));
            Assert.True(city.Ingests[0].Running && city.Ingests[1].Running, "an instance exited\n" + city.Logs());
        }
    }
}
