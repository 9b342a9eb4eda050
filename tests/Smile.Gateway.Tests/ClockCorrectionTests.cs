using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A Pi boots after a power cut with the time fake-hwclock saved, days behind, while the city platform is away:
    /// the gateway holds what it stamps. When NTP sets the clock, the step (wall minus monotonic clock, before and
    /// after) moves the receive times of what it still holds; what went out before keeps gateway_clock_unsynced.
    /// The kernel's answer and both clocks are played by fakes, as the ingest loop uses them.
    /// </summary>
    public sealed class ClockCorrectionTests : IDisposable
    {
        private static readonly long Day = 86_400_000;
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-clock-step-").FullName;
        private readonly FakeClockSync _sync = new FakeClockSync { State = ClockSyncState.Unsynchronized };
        private readonly SteppableTime _time = new SteppableTime();
        private readonly GatewayStore _store;
        private readonly Outbox _outbox;
        private readonly GatewayClock _clock;
        private readonly GatewayOptions _options = new GatewayOptions();
        private readonly UplinkProcessor _processor;
        private ClockCorrector _corrector;
        private int _sequence;

        public ClockCorrectionTests()
        {
            _store = new GatewayStore(Path.Combine(_folder, "buffer.db"), new BufferSettings(), NullLogger.Instance);
            _outbox = new Outbox(_store);
            _clock = new GatewayClock(_sync, _time);
            _corrector = NewProcess();
            _options.Gateway.Id = "gw-test";
            _options.Filters.Deadband = new Dictionary<string, double>();
            _processor = new UplinkProcessor(_options, new Deduplicator(3_600_000), new NodeDirectory(), _clock);
        }

        public void Dispose()
        {
            _store.Dispose();
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void A_step_of_three_days_moves_the_held_rows_by_exactly_the_step_and_leaves_those_forwarded_or_in_flight()
        {
            List<long> forwarded = Ingest(3), inFlight = Ingest(2), held = Ingest(4);
            Forward(forwarded);
            Assert.Equal(inFlight, _outbox.TakeLive(inFlight.Count).Select(r => r.Id));
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(held.Concat(inFlight));

            Synchronize(3 * Day);

            foreach (long id in held)
            {
                StoredMessage row = Row(id);
                JsonObject message = Render(row);
                Assert.Equal(before[id].ReceivedMs + 3 * Day, row.ReceivedMs);
                Assert.Equal(new[] { "clock_unsynced", "gateway_clock_corrected" }, Quality(message));

                // The test frames carry no node time: observed_at is derived from received_at and moves with it.
                Assert.Equal(Time(before[id].Message, "observed_at") + 3 * Day, Time(message, "observed_at"));
                Assert.Equal(Time(before[id].Message, "received_at") + 3 * Day, Time(message, "received_at"));
                Assert.Equal((string)before[id].Message["message_id"]!, (string)message["message_id"]!);
            }

            foreach (long id in inFlight)
            {
                Assert.Equal(before[id].ReceivedMs, Row(id).ReceivedMs);
                Assert.Contains("gateway_clock_unsynced", Quality(Render(Row(id))));
            }

            AssertFigures(1, 3 * Day, 4, 5);

            // Nothing is corrected twice, and the buffer's byte figure follows the longer meta.
            Synchronize(0);
            Assert.Equal(before[held[0]].ReceivedMs + 3 * Day, Row(held[0]).ReceivedMs);
            using var reopened = new GatewayStore(Path.Combine(_folder, "buffer.db"), new BufferSettings(), NullLogger.Instance);
            Assert.Equal(reopened.Bytes, _store.Bytes);
            Assert.Equal(reopened.DeadLetterBytes, _store.DeadLetterBytes);
        }

        [Fact]
        public void A_step_below_a_second_changes_nothing()
        {
            List<long> held = Ingest(3);
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(held);

            Synchronize(700);

            Assert.All(held, id => Assert.Equal(before[id].ReceivedMs, Row(id).ReceivedMs));
            Assert.All(held, id => Assert.Contains("gateway_clock_unsynced", Quality(Render(Row(id)))));
            AssertFigures(0, null, 0, 0);
        }

        [Fact]
        public void After_a_restart_while_unsynchronized_the_step_of_the_old_rows_is_unknown_and_they_stay_flagged()
        {
            List<long> old = Ingest(3);
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(old);
            _corrector = NewProcess();
            List<long> stampedAfter = Ingest(2);

            Synchronize(3 * Day);

            Assert.All(old, id => Assert.Equal(before[id].ReceivedMs, Row(id).ReceivedMs));
            Assert.All(old, id => Assert.Contains("gateway_clock_unsynced", Quality(Render(Row(id)))));
            Assert.All(stampedAfter, id => Assert.Contains("gateway_clock_corrected", Quality(Render(Row(id)))));
            AssertFigures(1, 3 * Day, 2, 0);
        }

        [Fact]
        public void A_clock_that_was_ahead_steps_back_and_the_rows_move_back()
        {
            List<long> held = Ingest(3);
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(held);

            Synchronize(-2 * 3_600_000);

            Assert.All(held, id => Assert.Equal(before[id].ReceivedMs - 2 * 3_600_000, Row(id).ReceivedMs));
            AssertFigures(1, -2 * 3_600_000, 3, 0);
        }

        [Fact]
        public void A_second_loss_of_sync_corrects_only_what_was_stamped_in_it_and_each_run_by_its_own_step()
        {
            List<long> first = Ingest(2);
            Dictionary<long, (long ReceivedMs, JsonObject Message)> beforeFirst = Snapshot(first);
            Synchronize(Day);

            // Someone sets the clock ten minutes ahead (the kernel then says unsynchronized), then twenty: each run
            // of rows has its own offset, and NTP brings the clock back.
            _sync.State = ClockSyncState.Unsynchronized;
            Pass(10_000);
            _time.Step(10 * 60_000);
            List<long> tenAhead = Ingest(2);
            _time.Step(10 * 60_000);
            List<long> twentyAhead = Ingest(2);
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(tenAhead.Concat(twentyAhead));
            Synchronize(-20 * 60_000);

            Assert.All(first, id => Assert.Equal(beforeFirst[id].ReceivedMs + Day, Row(id).ReceivedMs));
            Assert.All(tenAhead, id => Assert.Equal(before[id].ReceivedMs - 10 * 60_000, Row(id).ReceivedMs));
            Assert.All(twentyAhead, id => Assert.Equal(before[id].ReceivedMs - 20 * 60_000, Row(id).ReceivedMs));
            AssertFigures(2, -20 * 60_000, 6, 0);
        }

        [Fact]
        public void A_batch_stamped_before_the_sync_and_committed_while_the_correction_runs_is_corrected_in_the_next_round()
        {
            List<long> held = Ingest(3);
            Pass(10_000);
            ClockStamp late = _clock.Stamp();
            Dictionary<long, (long ReceivedMs, JsonObject Message)> before = Snapshot(held);
            var lateIds = new List<long>();

            // The ingest's commit of a batch stamped while unsynchronized lands between the correction's copy of the runs
            // and its bookkeeping (the correction reads the wall clock in between): it grows the run being corrected.
            _time.OnWallRead = () =>
            {
                _time.OnWallRead = null;
                lateIds = Commit(late, 2);
            };
            Synchronize(3 * Day);
            Assert.All(held, id => Assert.Equal(before[id].ReceivedMs + 3 * Day, Row(id).ReceivedMs));
            Assert.Equal(2, lateIds.Count);

            Pass(5_000);
            _corrector.Settle();
            foreach (long id in lateIds)
            {
                Assert.Equal(late.WallMs + 3 * Day, Row(id).ReceivedMs);
                Assert.Contains("gateway_clock_corrected", Quality(Render(Row(id))));
            }
        }

        [Fact]
        public void A_batch_stamped_unsynchronized_keeps_the_flag_when_its_commit_lands_after_the_sync()
        {
            Pass(10_000);
            ClockStamp stamp = _clock.Stamp();
            _sync.State = ClockSyncState.Synchronized;
            Pass(6_000); // past the clock's cache of the kernel's answer: it now says synchronized

            // A commit retried across the sync: its receive time is the unsynchronized one, so is its flag.
            long id = Assert.Single(Commit(stamp, 1));
            Assert.False(_clock.Unsynchronized);
            Assert.Contains("gateway_clock_unsynced", Quality(Render(Row(id))));
        }

        [Fact]
        public void Rows_whose_step_is_not_known_yet_do_not_expire_by_an_age_the_step_made_up()
        {
            // A Pi off for six weeks boots with the old time; NTP steps the clock 42 days ahead before the kernel's
            // synchronized state has been read: by the wall clock every held row is older than Buffer:MaxAgeDays (30).
            List<long> held = Ingest(3);
            Pass(30_000);
            _time.Step(42 * Day);
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();

            _outbox.Prune(now, 3_600_000, _corrector.OldestUnsettledId ?? long.MaxValue);
            Assert.All(held, id => Assert.Single(_store.ReadRange(id - 1, id, 1)));

            _sync.State = ClockSyncState.Synchronized;
            Pass(5_000);
            _corrector.Settle();
            Assert.Null(_corrector.OldestUnsettledId);
            _outbox.Prune(_time.GetUtcNow().ToUnixTimeMilliseconds(), 3_600_000, long.MaxValue);
            Assert.All(held, id => Assert.Contains("gateway_clock_corrected", Quality(Render(Row(id)))));
        }

        private ClockCorrector NewProcess() => new ClockCorrector(_clock, _outbox, _time, NullLogger<ClockCorrector>.Instance);

        /// <summary>As the ingest loop does it: one batch of <paramref name="frames"/> uplinks, stamped once; the ids it became.</summary>
        private List<long> Ingest(int frames)
        {
            Pass(10_000);
            return Commit(_clock.Stamp(), frames);
        }

        private List<long> Commit(ClockStamp stamp, int frames)
        {
            var batch = new CommitBatch { ClockUnsynchronized = stamp.Unsynchronized };
            for (int i = 0; i < frames; i++)
            {
                _processor.Add(batch, "smile/up/node-a", TestFrames.Measurement(++_sequence), stamp.WallMs, 0);
            }

            List<long> ids = _outbox.Commit(batch);
            _processor.Commit();
            _corrector.Committed(ids, stamp);
            return ids;
        }

        /// <summary>NTP answers: the wall clock steps, the kernel says synchronized, and the corrector's next round runs.</summary>
        private void Synchronize(long stepMs)
        {
            Pass(30_000);
            _time.Step(stepMs);
            _sync.State = ClockSyncState.Synchronized;
            Pass(5_000);
            _corrector.Settle();
        }

        private void Pass(long ms) => _time.Pass(ms);

        private void Forward(List<long> ids)
        {
            foreach (StoredMessage row in _outbox.TakeLive(ids.Count))
            {
                Assert.Equal(AckResult.Accepted, _outbox.Acknowledge(row.Id));
            }

            _outbox.DeleteAcknowledged();
        }

        private void AssertFigures(long corrections, long? lastStepMs, long corrected, long uncorrected) =>
            Assert.Equal((corrections, lastStepMs, corrected, uncorrected), (_corrector.Corrections, _corrector.LastStepMs, _corrector.CorrectedRows, _corrector.UncorrectedRows));

        private Dictionary<long, (long ReceivedMs, JsonObject Message)> Snapshot(IEnumerable<long> ids) =>
            ids.ToDictionary(id => id, id => (Row(id).ReceivedMs, Render(Row(id))));

        private StoredMessage Row(long id) => _store.ReadRange(id - 1, id, 1).Single();

        private JsonObject Render(StoredMessage row) => new MessageRenderer(_options).Render(row).Select(m => JsonNode.Parse(m.Payload)!.AsObject()).Single();

        private static string[] Quality(JsonObject message) => message["quality"]!.AsArray().Select(q => (string)q!).ToArray();

        private static long Time(JsonObject message, string name) => DateTimeOffset.Parse((string)message[name]!).ToUnixTimeMilliseconds();

        private sealed class FakeClockSync : IClockSync
        {
            public ClockSyncState State { get; set; }

            public ClockSyncState Read() => State;
        }
    }
}
