using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The group commit under a moderate and a saturating stream, counted in commits per message through the real
    /// pipeline against real mosquitto (CommitWindowTests has the window's rules): counts, not times.
    /// </summary>
    [Trait("Category", "process")]
    [Collection(AllocationCounts.Name)]
    public sealed class GroupCommitTests
    {
        private readonly ITestOutputHelper _output;

        public GroupCommitTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task At_saturation_a_batch_takes_what_is_queued_beyond_its_target()
        {
            // Unpaced, the queue is never empty: batches stop waiting at the target (32) but still take everything
            // queued, so commits stay far fewer than one per 32 messages (measured: about one per 250).
            HotPathCost cost = await HotPathCost.MeasureAsync(10_000);
            _output.WriteLine(cost.ToString());

            Assert.True(cost.Commits <= 1.0 / 64, "a commit per 64 messages at most: " + cost);
        }

        [Fact]
        public async Task At_a_low_rate_acknowledged_rows_are_deleted_once_a_second_not_with_every_message()
        {
            // 10 msg/s: each uplink commits alone (the quiet spell), so deleting every 100 ms added a commit a message.
            HotPathCost cost = await HotPathCost.MeasureAsync(40, 10);
            _output.WriteLine(cost.ToString());

            Assert.True(cost.Commits <= 1.5, "an uplink's commit and a fraction of a delete's: " + cost);
        }

        [Fact]
        public async Task The_default_settings_gather_a_moderate_stream_into_few_commits()
        {
            // The default 30 ms at 1,000 msg/s: ~30 messages a commit (5 ms gave ~5: 1,700 bytes written a message).
            HotPathCost cost = await HotPathCost.MeasureAsync(4000, 1000);
            _output.WriteLine(cost.ToString());

            Assert.True(cost.Commits <= 1.0 / 15, "a commit per 15 messages at most: " + cost);
        }
    }
}
