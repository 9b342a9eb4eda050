using System;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>
    /// The engine as a 3-member NATS cluster (stream and consumer with 3 replicas): a member is SIGKILLed mid-stream and
    /// comes back; the ingest instances fail over to the others and every message is stored exactly once.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class EngineMemberCrashTests
    {
        private readonly ITestOutputHelper _output;

        public EngineMemberCrashTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task A_broker_member_killed_mid_stream_loses_and_doubles_nothing()
        {
            const int total = 10000;
            await using var city = await CitySide.StartAsync(natsMembers: 3, instances: 2);
            var publishing = city.Publisher.PublishAsync(CitySide.Measurements(total, nodes: 20, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));

            long before = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total / 4, TimeSpan.FromSeconds(120));
            city.Nats.Kill(0);
            _output.WriteLine("member 1 killed at " + before + " rows");
            await Task.Delay(TimeSpan.FromSeconds(5));
            city.Nats.Restart(0);
            await publishing;

            long stored = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(180));
            Assert.True(stored == total, "stored " + stored + " of " + total + "\n" + city.Logs());
            await Task.Delay(TimeSpan.FromSeconds(3));
            // A publish whose acknowledgement the dying member took with it is published again: the stream may hold a
            // message twice, the table never.
            Assert.Equal(total, city.Count("SELECT count(*) FROM measurement"));
            Assert.Equal(total * 5L, city.Count("SELECT count(*) FROM reading"));
            Assert.Equal(0, city.Count("SELECT count(*) FROM ingest_dead_letter"));
        }
    }
}
