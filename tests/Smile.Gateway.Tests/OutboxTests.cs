using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>A stored row's life after commit, in process, on a real SQLite file.</summary>
    public sealed class OutboxTests : IDisposable
    {
        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private const long Day = 86_400_000L;
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-outbox-").FullName;
        private readonly List<GatewayStore> _stores = new List<GatewayStore>();

        public void Dispose()
        {
            _stores.ForEach(s => s.Dispose());
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void Rows_waiting_at_the_start_are_the_backlog_and_later_ones_live_each_handed_out_in_commit_order()
        {
            GatewayStore store = Open();
            List<long> waiting = store.Commit(Batch(3, "n"), _ => false);
            var outbox = new Outbox(store);
            List<long> live = outbox.Commit(Batch(2, "n"));

            Assert.Equal(live, Ids(outbox.TakeLive(10)));
            Assert.Equal(waiting, Ids(outbox.TakeBacklog(10)));
            Assert.Empty(outbox.TakeBacklog(10));
            Assert.True(outbox.BacklogDone);
            Assert.Empty(outbox.TakeLive(10));
            Assert.Equal(5, outbox.InFlight);
        }

        [Fact]
        public void A_new_connection_hands_out_again_only_the_rows_not_in_flight()
        {
            var outbox = new Outbox(Open());
            List<long> ids = outbox.Commit(Batch(3, "n"));
            Assert.Equal(ids, Ids(outbox.TakeLive(10)));
            Assert.Equal(AckResult.Accepted, outbox.Release(ids[1]));

            outbox.BeginDelivery();

            Assert.Equal(new[] { ids[1] }, Ids(outbox.TakeBacklog(10)));
            Assert.Empty(outbox.TakeLive(10));
        }

        [Fact]
        public void Acknowledging_a_middle_row_first_deletes_that_row_only()
        {
            GatewayStore store = Open();
            var outbox = new Outbox(store);
            List<long> ids = outbox.Commit(Batch(3, "n"));
            outbox.TakeLive(10);

            Assert.Equal(AckResult.Accepted, outbox.Acknowledge(ids[1]));
            Assert.Equal(1, outbox.DeleteAcknowledged());

            Assert.Equal(new[] { ids[0], ids[2] }, Ids(store.ReadRange(0, long.MaxValue, 10)));
            Assert.Equal(2, outbox.InFlight);
            Assert.Equal(AckResult.Accepted, outbox.Acknowledge(ids[2]));
            Assert.Equal(AckResult.Accepted, outbox.Acknowledge(ids[0]));
            Assert.Equal(2, outbox.DeleteAcknowledged());
            Assert.Empty(store.ReadRange(0, long.MaxValue, 10));
            Assert.Equal((0L, 0L, 0L), (store.Rows, store.Bytes, store.PendingMessages));
            Assert.Equal(0, outbox.InFlight);
        }

        [Fact]
        public void After_a_crash_between_hand_out_and_deletion_every_row_left_is_handed_out_again()
        {
            List<long> ids;
            using (GatewayStore store = new GatewayStore(File, new BufferSettings(), NullLogger.Instance))
            {
                var outbox = new Outbox(store);
                ids = outbox.Commit(Batch(3, "n"));
                outbox.TakeLive(10);
                outbox.Acknowledge(ids[0]);

                // The process dies here: the acknowledgement was never applied, the other two were in flight.
            }

            var reopened = new Outbox(Open());
            Assert.Equal(ids, Ids(reopened.TakeBacklog(10)));
            Assert.Empty(reopened.TakeLive(10));
        }

        [Fact]
        public void At_the_byte_bound_the_oldest_rows_not_in_flight_are_evicted_and_counted_and_the_one_in_flight_stays()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            GatewayStore store = Open(settings);
            var outbox = new Outbox(store);
            List<long> first = outbox.Commit(Batch(2, "old"));
            Assert.Equal(first[0], Assert.Single(outbox.TakeLive(1)).Id);

            for (int i = 0; i < 40; i++)
            {
                outbox.Commit(Batch(100, "new"));
            }

            Assert.True(store.Bytes <= settings.MaxBytes, "bytes " + store.Bytes);
            Assert.Equal(first[0], store.ReadRange(0, long.MaxValue, 1)[0].Id);
            Assert.Equal(1, store.Counters()[(DropPolicy.DroppedFull, "old")]);
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(first[1]));
            Assert.Equal(AckResult.Accepted, outbox.Acknowledge(first[0]));
            Assert.Equal(1, outbox.DeleteAcknowledged());
            Assert.Equal(store.Rows, store.ReadRange(0, long.MaxValue, 100_000).Count);
        }

        [Fact]
        public void Past_the_age_bound_rows_expire_except_the_one_in_flight()
        {
            GatewayStore store = Open(new BufferSettings { MaxAgeDays = 1 });
            var outbox = new Outbox(store);
            List<long> old = outbox.Commit(Batch(3, "n", receivedMs: 0));
            List<long> fresh = outbox.Commit(Batch(1, "n", receivedMs: 2 * Day));
            outbox.TakeLive(1);

            outbox.Prune(2 * Day, Day);

            Assert.Equal(new[] { old[0], fresh[0] }, Ids(store.ReadRange(0, long.MaxValue, 10)));
            Assert.Equal(2, store.Total(DropPolicy.DroppedExpired));
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(old[1]));
        }

        [Fact]
        public void An_acknowledgement_for_a_row_never_handed_out_is_refused_and_the_row_still_goes_out()
        {
            GatewayStore store = Open();
            var outbox = new Outbox(store);
            List<long> ids = outbox.Commit(Batch(2, "n"));

            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(ids[1]));
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(long.MaxValue));
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(-1));
            Assert.Equal(0, outbox.DeleteAcknowledged());

            Assert.Equal(2, store.Rows);
            Assert.Equal(ids, Ids(outbox.TakeLive(10)));
        }

        [Fact]
        public void A_second_acknowledgement_changes_nothing_before_or_after_the_deletion()
        {
            GatewayStore store = Open();
            var outbox = new Outbox(store);
            List<long> ids = outbox.Commit(Batch(2, "n"));
            outbox.TakeLive(10);

            Assert.Equal(AckResult.Accepted, outbox.Acknowledge(ids[0]));
            Assert.Equal(AckResult.AlreadyAcknowledged, outbox.Acknowledge(ids[0]));
            Assert.Equal(AckResult.AlreadyAcknowledged, outbox.Release(ids[0]));
            Assert.Equal(1, outbox.DeleteAcknowledged());
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(ids[0]));
            Assert.Equal(0, outbox.DeleteAcknowledged());

            Assert.Equal((1L, 1L), (store.Rows, store.PendingMessages));
            Assert.Equal(ids[1], Assert.Single(store.ReadRange(0, long.MaxValue, 10)).Id);
        }

        [Fact]
        public void A_late_acknowledgement_for_a_row_released_and_then_evicted_is_refused_and_the_figures_stay_right()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            GatewayStore store = Open(settings);
            var outbox = new Outbox(store);
            long id = outbox.Commit(Batch(1, "old"))[0];
            outbox.TakeLive(1);
            outbox.Release(id);
            for (int i = 0; i < 40; i++)
            {
                outbox.Commit(Batch(100, "new"));
            }

            Assert.Equal(1, store.Counters()[(DropPolicy.DroppedFull, "old")]);

            var before = (store.Rows, store.Bytes, store.PendingMessages);
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(id));
            Assert.Equal(0, outbox.DeleteAcknowledged());
            Assert.Equal(before, (store.Rows, store.Bytes, store.PendingMessages));
            Assert.Equal(store.Rows, store.ReadRange(0, long.MaxValue, 100_000).Count);
        }

        [Fact]
        public void A_row_parked_as_a_dead_letter_leaves_flight_and_its_dead_letter_goes_out_live()
        {
            GatewayStore store = Open();
            var outbox = new Outbox(store);
            outbox.Commit(Batch(1, "n"));
            StoredMessage row = Assert.Single(outbox.TakeLive(10));
            var deadLetter = new StoredMessage(0, MessageKind.DeadLetter, "n", 1, "{\"s\":\"wifi\",\"reason\":\"unforwardable\"}", row.Frame);

            long? parked = outbox.Park(row.Id, deadLetter);

            Assert.NotNull(parked);
            Assert.Null(outbox.Park(row.Id, deadLetter));
            Assert.Equal(AckResult.NotInFlight, outbox.Acknowledge(row.Id));
            Assert.Equal(parked, Assert.Single(outbox.TakeLive(10)).Id);
            Assert.Equal(1, store.Counters()[(GatewayStore.Unforwardable, "n")]);
        }

        private string File => Path.Combine(_folder, "buffer.db");

        private GatewayStore Open(BufferSettings? settings = null)
        {
            var store = new GatewayStore(File, settings ?? new BufferSettings(), NullLogger.Instance);
            _stores.Add(store);
            return store;
        }

        private static List<long> Ids(IEnumerable<StoredMessage> rows) => rows.Select(r => r.Id).ToList();

        private static CommitBatch Batch(int count, string node, long receivedMs = 1)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < count; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, node, receivedMs, "{\"s\":\"wifi\"}", StandardFrame));
            }

            return batch;
        }
    }
}
