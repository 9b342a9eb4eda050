using System;
using System.Collections.Generic;
using Smile.Frames;
using Smile.Gateway.Filters;
using Xunit;

namespace Smile.Gateway.Tests
{
    public class FilterTests
    {
        [Fact]
        public void Duplicates_are_caught_within_the_window_and_only_after_commit_are_remembered()
        {
            var dedup = new Deduplicator(60_000);
            dedup.Remember("n", 1, 5, 1000);
            Assert.True(dedup.IsDuplicateFrame("n", 1, 5, 1000), "a repeat within the same batch");
            dedup.Rollback();
            Assert.False(dedup.IsDuplicateFrame("n", 1, 5, 1000), "a failed commit forgets");

            dedup.Remember("n", 1, 5, 1000);
            dedup.Commit();
            Assert.True(dedup.IsDuplicateFrame("n", 1, 5, 30_000));
            Assert.False(dedup.IsDuplicateFrame("n", 2, 5, 30_000), "another boot is another frame");
            Assert.False(dedup.IsDuplicateFrame("n", 1, 5, 70_000), "past the window");
        }

        [Fact]
        public void A_wrapped_sequence_is_not_taken_for_an_old_frame()
        {
            var dedup = new Deduplicator(86_400_000);
            for (int i = 0; i < 4096 + 10; i++)
            {
                Assert.False(dedup.IsDuplicateFrame("n", 0, i & 0xFFF, i), "frame " + i);
                dedup.Remember("n", 0, i & 0xFFF, i);
                dedup.Commit();
            }
        }

        [Fact]
        public void Past_the_node_bound_the_least_recently_heard_nodes_are_forgotten_and_the_others_kept()
        {
            var dedup = new Deduplicator(86_400_000);
            for (int i = 0; i < Deduplicator.MaxNodes; i++)
            {
                dedup.Remember("node-" + i, 0, 7, 1000 + i);
            }

            dedup.Commit();
            dedup.Remember("node-0", 0, 8, 5000); // heard again: now the most recent
            dedup.Remember("newcomer", 0, 1, 6000);
            dedup.Commit();

            Assert.True(dedup.IsDuplicateFrame("newcomer", 0, 1, 7000));
            Assert.True(dedup.IsDuplicateFrame("node-0", 0, 7, 7000), "heard again, so kept");
            Assert.False(dedup.IsDuplicateFrame("node-1", 0, 7, 7000), "the least recently heard go");
            Assert.False(dedup.IsDuplicateFrame("node-" + (Deduplicator.MaxNodes / 8), 0, 7, 7000));
            Assert.True(dedup.IsDuplicateFrame("node-" + (Deduplicator.MaxNodes / 8 + 1), 0, 7, 7000), "an eighth goes, no more");
        }

        [Fact]
        public void Network_ids_are_remembered_and_pruned()
        {
            var dedup = new Deduplicator(1000);
            dedup.RememberNetworkId("abc", 0);
            dedup.Commit();
            Assert.True(dedup.IsDuplicateNetworkId("abc", 500));
            dedup.Prune(2000);
            Assert.False(dedup.IsDuplicateNetworkId("abc", 2000));
        }

        [Fact]
        public void Network_ids_beyond_the_bound_are_forgotten_oldest_first_whatever_the_window()
        {
            var dedup = new Deduplicator(86_400_000);
            for (int i = 0; i <= Deduplicator.MaxNetworkIds; i++)
            {
                dedup.RememberNetworkId("id-" + i, i);
            }

            dedup.Commit();

            Assert.False(dedup.IsDuplicateNetworkId("id-0", 1), "the oldest went to make room");
            Assert.True(dedup.IsDuplicateNetworkId("id-1", 1));
            Assert.True(dedup.IsDuplicateNetworkId("id-" + Deduplicator.MaxNetworkIds, 1));
        }

        [Fact]
        public void A_node_keeps_its_last_1024_frame_keys_and_a_repeat_keeps_its_place()
        {
            var dedup = new Deduplicator(86_400_000);
            for (int i = 0; i < Deduplicator.PerNodeCapacity; i++)
            {
                dedup.Remember("n", 1, i, i);
                dedup.Commit();
            }

            dedup.Remember("n", 1, 0, 5000);
            dedup.Commit();
            dedup.Remember("n", 1, 2000, 6000);
            dedup.Commit();

            Assert.False(dedup.Holds("n", 1, 0), "refreshed, not moved: still the oldest, so it went first");
            Assert.True(dedup.Holds("n", 1, 1));
            Assert.True(dedup.IsDuplicateFrame("n", 1, 2000, 6001));
            Assert.True(dedup.IsDuplicateFrame("n", 1, Deduplicator.PerNodeCapacity - 1, 6001));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void A_nodes_ring_holds_exactly_what_a_first_in_first_out_queue_of_1024_distinct_keys_holds(int seed)
        {
            // The ring is searched newest first, in two parts split where the next key goes; a queue that ignores
            // repeats is the model. Repeats (a quarter of the frames) and a small key space make the ring wrap, keep
            // refreshed keys in place and evict them in turn; every step asks for keys new and old, on both sides of the split.
            var random = new Random(seed);
            var dedup = new Deduplicator(86_400_000);
            var order = new Queue<int>();
            var held = new HashSet<int>();
            int next = 0;
            for (int step = 0; step < 6000; step++)
            {
                int sequence = random.Next(4) == 0 && held.Count > 0 ? random.Next(next - 1200, next) & 0xFFF : next++ & 0xFFF;
                dedup.Remember("n", 1, sequence, step);
                dedup.Commit();
                if (held.Add(sequence))
                {
                    order.Enqueue(sequence);
                    if (order.Count > Deduplicator.PerNodeCapacity)
                    {
                        held.Remove(order.Dequeue());
                    }
                }

                for (int ask = 0; ask < 8; ask++)
                {
                    int probe = random.Next(next - 1500, next + 5) & 0xFFF;
                    Assert.True(held.Contains(probe) == dedup.Holds("n", 1, probe), "step " + step + ", sequence " + probe);
                }
            }
        }

        [Theory]
        [InlineData("newest first", 1500)]
        [InlineData("shuffled", 1500)]
        [InlineData("shuffled", 1000)] // under the capacity
        [InlineData("newest first", 1024)] // exactly full
        [InlineData("shuffled", 1280)] // the load's own bound
        [InlineData("shuffled", 1281)] // one past it
        [InlineData("newest first", 4000)]
        public void Keys_loaded_at_start_in_any_order_leave_a_node_its_newest_1024_and_the_next_key_evicts_the_oldest(string order, int count)
        {
            // Sequence i received at 1,000 + i ms: the newest 1,024 are the last 1,024 sequences.
            var dedup = new Deduplicator(86_400_000);
            foreach (int sequence in Ordered(count, order))
            {
                dedup.Load("n", 1, sequence, 1000 + sequence);
            }

            dedup.Loaded();
            int oldestKept = System.Math.Max(0, count - Deduplicator.PerNodeCapacity);
            Assert.True(dedup.Holds("n", 1, count - 1), "the newest key");
            Assert.True(dedup.Holds("n", 1, oldestKept), "the oldest of the newest 1,024");
            if (count > Deduplicator.PerNodeCapacity)
            {
                Assert.False(dedup.Holds("n", 1, oldestKept - 1), "older than the newest 1,024");
            }

            dedup.Remember("n", 1, count, 1000 + count);
            dedup.Commit();
            Assert.Equal(count >= Deduplicator.PerNodeCapacity, !dedup.Holds("n", 1, oldestKept));
            Assert.True(dedup.Holds("n", 1, oldestKept + 1));
            Assert.True(dedup.Holds("n", 1, count));
        }

        [Fact]
        public void A_key_loaded_twice_counts_at_its_later_time_whichever_comes_first()
        {
            var dedup = new Deduplicator(86_400_000);
            dedup.Load("n", 1, 5, 5000); // the repeat, read before the first time
            foreach (int sequence in Ordered(1100, "shuffled"))
            {
                dedup.Load("n", 1, sequence, 1000 + sequence);
            }

            // The newest 1,024 by time: sequence 5 (at 5,000) and sequences 77 to 1,099.
            Assert.True(dedup.Holds("n", 1, 5));
            Assert.True(dedup.Holds("n", 1, 77));
            Assert.False(dedup.Holds("n", 1, 76));
            dedup.Remember("n", 1, 2000, 6000);
            dedup.Commit();
            Assert.False(dedup.Holds("n", 1, 77), "the oldest by time goes first");
            Assert.True(dedup.Holds("n", 1, 5));
        }

        /// <summary>The sequences 0 to count - 1 newest first, or shuffled (the same shuffle every run).</summary>
        private static List<int> Ordered(int count, string order)
        {
            var sequences = new List<int>();
            for (int i = count - 1; i >= 0; i--)
            {
                sequences.Add(i);
            }

            if (order == "shuffled")
            {
                var random = new System.Random(7);
                for (int i = sequences.Count - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (sequences[i], sequences[j]) = (sequences[j], sequences[i]);
                }
            }

            return sequences;
        }

        [Fact]
        public void Rate_limit_allows_a_burst_then_the_refill_rate_per_node()
        {
            var limiter = new RateLimiter(60);
            int allowed = 0;
            for (int i = 0; i < 100; i++)
            {
                allowed += limiter.Allow("flood", 0) ? 1 : 0;
            }

            Assert.Equal(60, allowed);
            Assert.True(limiter.Allow("quiet", 0), "another node is not affected");
            Assert.False(limiter.Allow("flood", 500));
            Assert.True(limiter.Allow("flood", 1000), "one token per second comes back");
        }

        [Fact]
        public void Deadband_forwards_changes_beyond_it_and_a_heartbeat()
        {
            var filter = new ReportFilter(new Dictionary<string, double> { ["temperature_c"] = 0.5 }, heartbeatSeconds: 600, minIntervalSeconds: 0);
            Assert.True(Forward(filter, 20.0, 0), "first sample");
            Assert.False(Forward(filter, 20.3, 60_000), "within the deadband");
            Assert.True(Forward(filter, 20.6, 120_000), "beyond it");
            Assert.False(Forward(filter, 20.6, 300_000));
            Assert.True(Forward(filter, 20.6, 720_001), "heartbeat");
        }

        [Fact]
        public void Minimum_interval_holds_back_samples_and_rollback_forgets_decisions()
        {
            var filter = new ReportFilter(new Dictionary<string, double>(), heartbeatSeconds: 600, minIntervalSeconds: 60);
            Assert.True(Forward(filter, 20, 0));
            Assert.False(Forward(filter, 25, 30_000), "too soon after the last forwarded sample");
            Assert.True(Forward(filter, 25, 61_000));

            var sample = new Sample();
            sample.SetValue(Fields.Temperature, 30);
            Assert.True(filter.Forward("n", sample, 200_000));
            filter.Rollback();
            Assert.True(filter.Forward("n", sample, 130_000), "the rolled-back decision left no trace");
        }

        private static bool Forward(ReportFilter filter, double temperature, long atMs)
        {
            var sample = new Sample();
            sample.SetValue(Fields.Temperature, temperature);
            bool forward = filter.Forward("n", sample, atMs);
            filter.Commit();
            return forward;
        }
    }
}
