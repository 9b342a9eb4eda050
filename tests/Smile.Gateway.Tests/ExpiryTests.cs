using System;
using System.IO;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Rows past Buffer:MaxAgeDays go at the minutely prune, however their reception time came to be below the others
    /// (a restart, a dead letter keeping its original's time, a clock corrected backwards, a row spared while in
    /// flight); and neither the prune nor the status page reads the whole outbox under the store's lock to find out.
    /// </summary>
    public sealed class ExpiryTests : IDisposable
    {
        private const long Day = 86_400_000;
        private const long Window = 3_600_000;
        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-expiry-").FullName;
        private readonly BufferSettings _settings = new BufferSettings { MaxAgeDays = 1 };

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void A_prune_with_nothing_due_reads_a_handful_of_pages_not_the_outbox()
        {
            using GatewayStore store = Filled();
            long filePages = PageCount(store);
            Assert.True(filePages > 1_000, "the premise: the file holds " + filePages + " pages, nearly all the outbox's");

            long pages = PagesRead(store, () => store.Prune(10 * Day + 30, Window, _ => false));
            Assert.True(pages < 100, "the prune read " + pages + " pages of " + filePages);
            Assert.Equal(30_000, store.Rows);
        }

        [Fact]
        public void The_oldest_waiting_message_is_the_earliest_received_wherever_it_lies_and_is_read_in_slices()
        {
            using GatewayStore store = Filled();

            // Committed last, stamped six hours back: a gap-filled uplink, or a dead letter with its original's time.
            store.Commit(Rows(1, 10 * Day - 6 * 3_600_000), _ => false);
            var statements = new StatementCounter(store);

            Assert.Equal(10 * Day - 6 * 3_600_000, store.OldestPendingMs());

            // Each slice under the store's lock alone, commits in between: 30,001 rows take four slices and an empty one.
            Assert.Equal(30_001 / GatewayStore.OldestScanSlice + 2, statements.Read().Statements);
        }

        [Fact]
        public void An_empty_buffer_has_no_oldest_message()
        {
            using GatewayStore store = Open();
            Assert.Null(store.OldestPendingMs());
        }

        [Theory]
        [InlineData(Day - 1, 1)]
        [InlineData(Day, 0)]
        public void A_row_goes_once_it_is_older_than_the_bound_not_before(long age, int expired)
        {
            using GatewayStore store = Open();
            store.Commit(Rows(1, 5 * Day), _ => false);
            store.Prune(5 * Day, Window, _ => false);

            // MaxAgeDays = 1: a row received at now - 1 day is at the bound, and stays.
            store.Prune(5 * Day + 2 * Day - age, Window, _ => false);
            Assert.Equal(expired, store.Total(DropPolicy.DroppedExpired));
        }

        [Fact]
        public void Rows_waiting_at_a_restart_go_when_they_are_due()
        {
            using (GatewayStore store = Open())
            {
                store.Commit(Rows(3, 0), _ => false);
            }

            using GatewayStore reopened = Open();
            reopened.Prune(2 * Day, Window, _ => false);
            Assert.Equal(3, reopened.Total(DropPolicy.DroppedExpired));
            Assert.Equal(0, reopened.Rows);
        }

        [Fact]
        public void Rows_received_after_the_clock_stepped_back_go_when_they_are_due()
        {
            using (GatewayStore store = Open())
            {
                store.Commit(Rows(3, 5 * Day), _ => false);
            }

            // The start reads the earliest time exactly (5 days); then the clock steps back and rows come stamped 0.
            using GatewayStore reopened = Open();
            reopened.Commit(Rows(2, 0), _ => false);
            reopened.Prune(2 * Day, Window, _ => false);

            Assert.Equal(2, reopened.Total(DropPolicy.DroppedExpired));
            Assert.Equal(3, reopened.Rows);
        }

        [Fact]
        public void Rows_a_clock_correction_moved_back_past_the_bound_go()
        {
            using GatewayStore store = Open();
            store.Commit(Rows(4, 5 * Day), _ => false);
            store.Prune(5 * Day, Window, _ => false);

            // The clock ran three days ahead while they came: corrected, they are two days old.
            Assert.Equal(new[] { 4 }, store.CorrectReceivedTimes(new[] { (1L, 4L, -3 * Day) }, _ => false));
            store.Prune(5 * Day, Window, _ => false);

            Assert.Equal(4, store.Total(DropPolicy.DroppedExpired));
        }

        [Fact]
        public void Steps_back_that_together_pass_the_lowest_time_leave_every_row_in_reach_of_the_prune()
        {
            using GatewayStore store = Open();
            store.Commit(Rows(2, 0), _ => false);

            // The second step would take the bound past long.MinValue: it stays the lowest there is, not wraps to the highest.
            store.CorrectReceivedTimes(new[] { (1L, 1L, long.MinValue + 1), (2L, 2L, -5L) }, _ => false);
            store.Prune(2 * Day, Window, _ => false);

            Assert.Equal(2, store.Total(DropPolicy.DroppedExpired));
        }

        [Fact]
        public void A_row_spared_while_in_flight_goes_at_the_next_prune()
        {
            using GatewayStore store = Open();
            long id = store.Commit(Rows(1, 0), _ => false)[0];
            store.Commit(Rows(1, 2 * Day), _ => false);

            store.Prune(2 * Day, Window, candidate => candidate == id);
            Assert.Equal(2, store.Rows);

            store.Prune(2 * Day + 60_000, Window, _ => false);
            Assert.Equal(1, store.Total(DropPolicy.DroppedExpired));
            Assert.Equal(1, store.Rows);
        }

        /// <summary>30,000 rows, received a millisecond apart per thousand from day 10 on.</summary>
        private GatewayStore Filled()
        {
            GatewayStore store = Open();
            for (int i = 0; i < 30; i++)
            {
                store.Commit(Rows(1_000, 10 * Day + i), _ => false);
            }

            return store;
        }

        private GatewayStore Open() => new GatewayStore(Path.Combine(_folder, "buffer.db"), _settings, NullLogger.Instance);

        private static CommitBatch Rows(int count, long receivedMs)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < count; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-" + (i % 100), receivedMs, "{\"s\":\"wifi\"}", StandardFrame));
            }

            return batch;
        }

        private static long PageCount(GatewayStore store)
        {
            using var cmd = StoreConnection.Of(store).CreateCommand();
            cmd.CommandText = "PRAGMA page_count";
            return (long)cmd.ExecuteScalar()!;
        }

        /// <summary>Pages the store's connection looked up while the action ran: SQLite's page cache hits and misses (sqlite.org/c3ref/c_dbstatus_options.html).</summary>
        private static long PagesRead(GatewayStore store, Action action)
        {
            SQLitePCL.sqlite3 db = StoreConnection.Of(store).Handle!;
            SQLitePCL.raw.sqlite3_db_status(db, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_HIT, out _, out _, 1);
            SQLitePCL.raw.sqlite3_db_status(db, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out _, out _, 1);
            action();
            SQLitePCL.raw.sqlite3_db_status(db, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_HIT, out int hits, out _, 0);
            SQLitePCL.raw.sqlite3_db_status(db, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out int misses, out _, 0);
            return hits + misses;
        }
    }
}
