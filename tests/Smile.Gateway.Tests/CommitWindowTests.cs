using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>When a batch of the group commit stops waiting for company (Buffer:CommitDelayMilliseconds 30, target 32).</summary>
    public sealed class CommitWindowTests
    {
        private const long T0 = 1_000_000; // monotonic milliseconds

        [Fact]
        public void After_a_quiet_spell_a_lone_message_goes_at_once()
        {
            CommitWindow window = Window();
            window.Close(T0);

            Assert.False(window.Waits(1, T0 + 31));
            Assert.False(new CommitWindow(new BufferSettings()).Waits(1, 0), "the first batch after start");
        }

        [Fact]
        public void Within_the_delay_after_a_commit_a_batch_below_its_target_waits_and_one_at_its_target_does_not()
        {
            CommitWindow window = Window();
            window.Close(T0);

            Assert.True(window.Waits(31, T0 + 6));
            Assert.False(window.Waits(32, T0 + 6));
            Assert.False(window.Waits(1, T0 + 30), "the delay is up");
        }

        [Fact]
        public void The_next_wait_counts_from_when_the_batch_closed_not_from_its_deadline()
        {
            CommitWindow window = Window();
            window.Close(T0);
            window.Close(T0 + 6); // closed early on its target

            Assert.Equal(T0 + 36, window.DeadlineMs);
            Assert.False(window.Waits(1, T0 + 36));
        }

        [Fact]
        public void A_batch_size_below_the_target_caps_it()
        {
            var window = new CommitWindow(new BufferSettings { CommitBatchSize = 1, CommitDelayMilliseconds = 30 });
            window.Close(T0);

            Assert.False(window.Waits(1, T0 + 1), "a batch size of 1 commits each message alone, as it did before the target existed");
        }

        private static CommitWindow Window() => new CommitWindow(new BufferSettings { CommitDelayMilliseconds = 30, CommitTargetMessages = 32 });
    }
}
