using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The buffer on a file system that fills up before the buffer's own bound (an SD card shared with the journal, a
    /// bound set larger than the card): a real, small tmpfs, so SQLite meets ENOSPC from the kernel, not a simulation.
    /// Mounting needs root; where it is refused the tests say so and pass without running.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class FullDiskTests : IDisposable
    {
        private const int SqliteFull = 13;
        private const int RowsPerBatch = 40;
        private static readonly byte[] Frame = new byte[400];
        private readonly string _mount = Directory.CreateTempSubdirectory("smile-full-").FullName;
        private readonly bool _mounted;

        public FullDiskTests()
        {
            try
            {
                ProcessRunner.Run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", _mount);
                _mounted = true;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Not root, or no mount tool: said below.
            }

            if (!_mounted)
            {
                Console.WriteLine("FullDiskTests: a tmpfs could not be mounted (not root?); not run");
            }
        }

        private string File => Path.Combine(_mount, "buffer.db");

        // A bound far past the file system: only the free space can stop the buffer; 16 MB kept free.
        private static BufferSettings Settings => new BufferSettings { MaxBytes = 1L << 30, MinFreeMegabytes = 16 };

        public void Dispose()
        {
            if (_mounted)
            {
                ProcessRunner.Run("umount", _mount);
            }

            Directory.Delete(_mount, true);
        }

        /// <summary>
        /// Rows, dedup keys and quarantined inputs all grow the file. Before: the first commit past the card's space
        /// failed, and so did every one after (1,341 of 2,000); with a floor on the rows alone, the dedup keys filled
        /// the card on their own and every later commit failed.
        /// </summary>
        [Fact]
        public void A_buffer_that_would_outgrow_its_file_system_stops_at_the_floor_and_new_messages_replace_the_oldest()
        {
            if (!_mounted)
            {
                return;
            }

            const int batches = 2500; // 100,000 rows, their keys and 2,500 quarantined inputs: ~60 MB into 48 MB
            using (var store = new GatewayStore(File, Settings, NullLogger.Instance))
            {
                Assert.Equal(0, Offer(store, 0, batches));
                Assert.True(store.Total(DropPolicy.DroppedFull) > 0, "nothing was dropped: the file system never came near full");
                var rows = store.ReadRange(0, long.MaxValue, 1_000_000);
                Assert.Equal(batches * RowsPerBatch - 1, rows[^1].ReceivedMs);
                Assert.Equal(rows.Count, store.Rows);
                Assert.Equal(batches * RowsPerBatch, rows.Count + store.Total(DropPolicy.DroppedFull));
                Assert.True(store.QuarantineRows < batches, store.QuarantineRows + " quarantined inputs kept of " + batches);
                Assert.True(new DriveInfo(_mount).AvailableFreeSpace >= SpaceReserve.Bytes, new DriveInfo(_mount).AvailableFreeSpace + " bytes left free");
            }

            AssertIntact();
        }

        /// <summary>
        /// Under the floor the file must hold its size however long the flood lasts. Before: the bound was taken afresh
        /// each commit as the rows plus the free pages after the batch's insert, so pages a commit freed let the next
        /// keep more rows, and the file grew by about a byte a message without end (130 KiB and 2,000 rows more every
        /// 120,000 messages here), on towards the reserve and a full card.
        /// </summary>
        [Fact]
        public void A_long_flood_under_the_floor_does_not_grow_the_file()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            int batch = SettledAtTheFloor(store);
            long pages = Pages();
            long rows = store.Rows;
            Flood(store, batch, 3000);

            Assert.InRange(Pages(), 0, pages + 16); // 1 KiB pages; the file itself lags behind its write-ahead log
            Assert.InRange(store.Rows, 0, rows + RowsPerBatch);
            Assert.True(System.IO.File.Exists(File + "-reserve"), "the floor did not hold: the reserve was needed");
        }

        /// <summary>
        /// Under the floor an evicted row hands its dedup key to the seen keys (the trigger), and larger new rows evict
        /// several old ones each. Before: the trim counted only the keys the new rows bring, so the keys grew by 280,000
        /// here when 400-byte frames followed 10-byte ones, and the file with them.
        /// </summary>
        [Fact]
        public void Under_the_floor_the_keys_of_evicted_rows_do_not_grow_the_seen_keys()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            int batch = FloodToTheFloor(store);
            long keys = SeenKeys();
            Flood(store, batch, 1500, frameBytes: 400);

            Assert.InRange(SeenKeys(), 0, keys + RowsPerBatch);
        }

        /// <summary>
        /// The floor crossed while the buffer held dedup keys and few rows; the keys then pass the window and go: their
        /// pages are the outbox's for the next outage. With the bound kept from the crossing alone, it held 64 KiB of
        /// rows while megabytes of the file stood empty.
        /// </summary>
        [Fact]
        public void Pages_the_dedup_keys_leave_under_the_floor_hold_the_next_outages_rows()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            Assert.Equal(0, Offer(store, 0, 3000, Keys));
            Assert.True(store.Disk().BelowFloor, "the keys did not reach the floor");
            store.Prune(10_000_000, 1, _ => false);
            Assert.Equal(0, SeenKeys());

            Flood(store, 0, 1500);
            Assert.Equal(0, store.Total(DropPolicy.DroppedFull));
            Assert.Equal(1500 * RowsPerBatch, store.Rows);
        }

        /// <summary>
        /// Under the floor with the platform up: every minute acknowledged rows hand their keys to the seen keys, and the
        /// window's prune frees the older ones' pages, which the next keys take again. Crediting the outbox with the pages
        /// each prune freed counted them twice, and the next outage grew the file past its size at the floor.
        /// </summary>
        [Fact]
        public void Acknowledged_rows_and_pruned_keys_under_the_floor_do_not_let_the_next_outage_grow_the_file()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            int batch = SettledAtTheFloor(store);
            long pages = Pages();
            for (int i = 0; i < 200; i++)
            {
                // The platform acknowledges each batch at once; a minute passes between batches.
                store.Delete(store.Commit(KeyedBatch(batch), _ => false));
                store.Prune((long)batch * RowsPerBatch, 1, _ => false);
                batch++;
            }

            Flood(store, batch, 1000); // the platform gone again
            Assert.InRange(Pages(), 0, pages + 16);
        }

        /// <summary>
        /// The platform catches up after the floor was reached: the rows it acknowledged leave free pages in the file,
        /// and the next outage may fill them. Before: the bound stayed at what was left after the deletes (145 rows kept
        /// of the next 8,000 while 23 MB of the file stood empty).
        /// </summary>
        [Fact]
        public void After_the_platform_caught_up_the_next_outage_fills_the_free_pages_again()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            Assert.Equal(0, Offer(store, 0, 1500));
            long atTheFloor = store.Rows;
            Assert.True(store.Total(DropPolicy.DroppedFull) > 0, "the floor was never reached");
            store.Delete(store.ReadRange(0, long.MaxValue, 1_000_000).ConvertAll(r => r.Id));
            Assert.Equal(0, store.Rows);

            Assert.Equal(0, Offer(store, 1500, 1500));
            Assert.True(store.Rows >= atTheFloor * 8 / 10, store.Rows + " rows kept after the catch-up, " + atTheFloor + " before");
        }

        /// <summary>
        /// Something else takes the last byte while the buffer's log holds pages the file would have to grow for:
        /// SQLite can then write nothing, not even a delete. The reserve is given back, the buffer stops growing, no
        /// commit fails, and the reserve is made again once there is room.
        /// </summary>
        [Fact]
        public void A_file_system_filled_by_something_else_costs_the_reserve_not_a_commit_and_the_reserve_comes_back()
        {
            if (!_mounted)
            {
                return;
            }

            string reserve = File + "-reserve";
            using (var store = new GatewayStore(File, Settings, NullLogger.Instance))
            {
                Assert.True(System.IO.File.Exists(reserve));
                Assert.Equal(0, Offer(store, 0, 300));
                string filler = Path.Combine(_mount, "journal");
                Fill(filler);
                Assert.Equal(0, Offer(store, 300, 400));
                Assert.False(System.IO.File.Exists(reserve), "the reserve was never needed: the test did not reach a full disk");
                Assert.True(store.Total(DropPolicy.DroppedFull) > 0);

                System.IO.File.Delete(filler);
                Thread.Sleep(1100);
                Assert.Equal(0, Offer(store, 700, 1));
                Assert.True(System.IO.File.Exists(reserve), "the reserve was not made again");

                var rows = store.ReadRange(0, long.MaxValue, 1_000_000);
                Assert.Equal(rows.Count, store.Rows);
                Assert.Equal(701 * RowsPerBatch, rows.Count + store.Total(DropPolicy.DroppedFull));
                Assert.Equal(701 * RowsPerBatch - 1, rows[^1].ReceivedMs);
            }

            AssertIntact();
        }

        /// <summary>
        /// The dedup keys kept on disk for a restart grow the file by themselves (up to a million rows, ~40 MB): under
        /// the floor they stop growing too. Before: with a floor on the rows alone they filled the card, and every
        /// commit after failed.
        /// </summary>
        [Fact]
        public void Dedup_keys_alone_stop_growing_at_the_floor()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            Assert.Equal(0, Offer(store, 0, 3000, Keys));
            Assert.True(System.IO.File.Exists(File + "-reserve"), "the floor did not hold: the reserve was needed");
            Assert.True(new DriveInfo(_mount).AvailableFreeSpace >= SpaceReserve.Bytes, new DriveInfo(_mount).AvailableFreeSpace + " bytes left free");
        }

        /// <summary>
        /// The forwarder parks an undeliverable row as a dead letter just when the disk is full: the reserve pays for
        /// it. Before, the park failed with SQLITE_FULL and the row went out again at the next reconnect, and again.
        /// </summary>
        [Fact]
        public void A_dead_letter_parked_on_a_full_disk_is_paid_for_by_the_reserve()
        {
            if (!_mounted)
            {
                return;
            }

            using var store = new GatewayStore(File, Settings, NullLogger.Instance);
            Assert.Equal(0, Offer(store, 0, 300));
            Fill(Path.Combine(_mount, "journal"));
            long first = store.ReadRange(0, long.MaxValue, 1)[0].Id;

            // Larger than any slack the log may have left (up to ~4.3 MB), so the park needs room the disk has not got.
            long? deadLetter = store.Park(first, new StoredMessage(0, MessageKind.DeadLetter, "node-0", 1, "{\"reason\":\"too large\"}", new byte[6 * 1024 * 1024]));

            Assert.NotNull(deadLetter);
            Assert.False(System.IO.File.Exists(File + "-reserve"));
            Assert.Equal(1, store.Total(GatewayStore.Unforwardable));
        }

        /// <summary>A buffer opened on a card with less room than the floor and the reserve together does not take the reserve out of the floor.</summary>
        [Fact]
        public void No_reserve_is_made_where_it_would_eat_into_the_floor()
        {
            if (!_mounted)
            {
                return;
            }

            // 48 MB less 30: 18 MB free, under the 16 MB floor once the 8 MB reserve were taken.
            System.IO.File.WriteAllBytes(Path.Combine(_mount, "journal"), new byte[30 * 1024 * 1024]);
            using var store = new GatewayStore(File, Settings, NullLogger.Instance);

            Assert.False(System.IO.File.Exists(File + "-reserve"));
            Assert.True(new DriveInfo(_mount).AvailableFreeSpace >= 16L * 1024 * 1024);
        }

        /// <summary>
        /// The once-a-minute housekeeping meets a full disk with the reserve already gone: it logs and tries again
        /// later. Before: its SQLITE_FULL ended the background service, which stops the host.
        /// </summary>
        [Fact]
        public async Task Housekeeping_that_meets_a_full_disk_goes_on()
        {
            if (!_mounted)
            {
                return;
            }

            BufferSettings settings = Settings;
            settings.MaxAgeDays = 1;
            using var store = new GatewayStore(File, settings, NullLogger.Instance);
            Assert.Equal(0, Offer(store, 0, 10)); // received in 1970: expired, so the prune has rows to delete
            System.IO.File.Delete(File + "-reserve");
            Fill(Path.Combine(_mount, "journal"));

            var outbox = new Outbox(store);
            var corrector = new ClockCorrector(new GatewayClock(new KernelClockSync(), TimeProvider.System), outbox, TimeProvider.System, NullLogger<ClockCorrector>.Instance);
            using var housekeeping = new OutboxHousekeeping(new GatewayOptions(), outbox, new Deduplicator(3_600_000), corrector, NullLogger<OutboxHousekeeping>.Instance);
            await housekeeping.StartAsync(CancellationToken.None);
            await Task.Delay(500);

            Assert.False(housekeeping.ExecuteTask!.IsCompleted, "the housekeeping ended: " + housekeeping.ExecuteTask.Exception?.InnerException?.Message);
            Assert.Equal(10 * RowsPerBatch, store.Rows);
            await housekeeping.StopAsync(CancellationToken.None);
        }

        /// <summary>Commits batches first..first+count-1 (<see cref="Batch"/> unless told); the number that failed with SQLITE_FULL.</summary>
        private static int Offer(GatewayStore store, int first, int count, Func<int, CommitBatch>? make = null)
        {
            int failed = 0;
            for (int batch = first; batch < first + count; batch++)
            {
                try
                {
                    store.Commit((make ?? Batch)(batch), _ => false);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
                {
                    failed++;
                }
            }

            return failed;
        }

        /// <summary>Dedup keys only: 500 of them, no rows.</summary>
        private static CommitBatch Keys(int number)
        {
            var keys = new CommitBatch();
            for (int i = 0; i < 500; i++)
            {
                keys.SeenFrames.Add(("node-" + (i % 50), number, i, number));
            }

            return keys;
        }

        private long SeenKeys() => Count("SELECT COUNT(*) FROM seen");

        /// <summary>The database's size in pages as committed, write-ahead log included.</summary>
        private long Pages() => Count("PRAGMA page_count");

        /// <summary>A figure of the buffer as committed, read on a connection of its own.</summary>
        private long Count(string sql)
        {
            using var db = new SqliteConnection("Data Source=" + File + ";Pooling=false");
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        private void AssertIntact()
        {
            using var check = new SqliteConnection("Data Source=" + File + ";Pooling=false");
            check.Open();
            using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar());
        }

        /// <summary>Writes until the kernel says the file system is full.</summary>
        private static void Fill(string path)
        {
            using var stream = new FileStream(path, FileMode.Create);
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    stream.Flush();
                }
            }
            catch (IOException)
            {
                // ENOSPC: full.
            }
        }

        /// <summary>Commits uplinks until the first is dropped for room; the number of the next batch.</summary>
        private static int FloodToTheFloor(GatewayStore store)
        {
            int batch = 0;
            while (store.Total(DropPolicy.DroppedFull) == 0)
            {
                Assert.True(batch < 20_000, "the floor was never reached");
                store.Commit(KeyedBatch(batch++), _ => false);
            }

            return batch;
        }

        /// <summary>
        /// To the floor and on until the B-tree settled: the oldest rows' leaves, left part-filled by the deletes, take
        /// ~120 pages more over the first thousand batches.
        /// </summary>
        private static int SettledAtTheFloor(GatewayStore store) => Flood(store, FloodToTheFloor(store), 1500);

        /// <summary>Commits count batches of uplinks from the numbered one; the number of the next.</summary>
        private static int Flood(GatewayStore store, int batch, int count, int frameBytes = 10)
        {
            for (int end = batch + count; batch < end; batch++)
            {
                store.Commit(KeyedBatch(batch, frameBytes), _ => false);
            }

            return batch;
        }

        /// <summary>Uplinks as the processor stores them: a 10-byte frame each (or frameBytes), its dedup key in its row.</summary>
        private static CommitBatch KeyedBatch(int number, int frameBytes = 10)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < RowsPerBatch; i++)
            {
                int sequence = number * RowsPerBatch + i;
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-" + (i % 7), sequence, "{\"s\":\"wifi\",\"rssi\":-71}", new byte[frameBytes])
                {
                    Samples = 1,
                    DedupKey = (1, sequence & 0xFFF),
                });
            }

            return batch;
        }

        private static CommitBatch Batch(int number)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < RowsPerBatch; i++)
            {
                string node = "node-" + (i % 7);
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, node, number * RowsPerBatch + i, "{\"s\":\"wifi\"}", Frame));
                batch.SeenFrames.Add((node, 1, number * RowsPerBatch + i, number * RowsPerBatch + i));
            }

            batch.Quarantine.Add(new QuarantineEntry(number, "wifi", "smile/up/x", "x", "bad frame", 0, "bad frame", new byte[1024]));
            return batch;
        }
    }
}
