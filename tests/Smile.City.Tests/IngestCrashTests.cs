using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>Three ingest instances share one durable consumer; one is SIGKILLed mid-stream; every message is stored exactly once.</summary>
    [Trait("Category", "process")]
    public sealed class IngestCrashTests
    {
        private readonly ITestOutputHelper _output;

        public IngestCrashTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task An_instance_killed_mid_stream_loses_and_doubles_nothing()
        {
            const int total = 20000;
            await using var city = await CitySide.StartAsync(instances: 3);
            var clock = Stopwatch.StartNew();
            var publishing = city.Publisher.PublishAsync(CitySide.Measurements(total, nodes: 40, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));

            // Kill one instance once the stream is flowing into PostgreSQL, with batches surely in its hands.
            long before = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total / 4, TimeSpan.FromSeconds(120));
            city.Ingests[1].Kill();
            _output.WriteLine("killed instance 1 at " + before + " rows");
            await publishing;

            long stored = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(180));
            _output.WriteLine("stored " + stored + " in " + clock.Elapsed.TotalSeconds.ToString("F1") + " s");
            Assert.True(stored == total, "stored " + stored + " of " + total + "\n" + city.Logs());
            // Let redeliveries of the killed instance's unacknowledged batches land: they must change nothing.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(total, city.Count("SELECT count(DISTINCT message_id) FROM measurement"));
            Assert.Equal(total, city.Count("SELECT count(*) FROM measurement"));
            Assert.Equal(total * 5L, city.Count("SELECT count(*) FROM reading"));
            Assert.Equal(0, city.Count("SELECT count(*) FROM ingest_dead_letter"));
            Assert.Equal(total, city.Count("SELECT count(DISTINCT stream_seq) FROM measurement"));
        }
    }
}
