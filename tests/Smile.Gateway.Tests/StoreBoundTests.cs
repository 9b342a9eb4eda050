using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Every row kind counts against the buffer's bound; figures change only with a commit; a lost buffer is noticed.</summary>
    public sealed class StoreBoundTests : IDisposable
    {
        // Named here, not by the store's constants: these tests also ran against the store before they existed.
        private const string DeadLettersDropped = "dead_letters_dropped";

        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private static readonly byte[] StatusFrame = Convert.FromHexString("2800010100001000040000000c00000000");
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-store-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        private string File => Path.Combine(_folder, "buffer.db");

        [Fact]
        public void Dead_letters_beyond_a_quarter_of_the_bound_evict_their_own_oldest_not_measurements()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            using var store = Open(settings);
            store.Commit(Rows(MessageKind.Measurement, 100, "good", StandardFrame), _ => false);
            for (int i = 0; i < 40; i++)
            {
                store.Commit(Rows(MessageKind.DeadLetter, 1, "flood", new byte[1024]), _ => false);
            }

            long deadLetterBytes = store.ReadRange(0, long.MaxValue, 1000).Where(r => r.Kind == MessageKind.DeadLetter).Sum(r => r.Size);
            Assert.True(deadLetterBytes <= settings.MaxBytes / 4, deadLetterBytes + " bytes of dead letters");
            Assert.Equal(0, store.Total(DropPolicy.DroppedFull));
            Assert.True(store.Total(DeadLettersDropped) > 0);
            Assert.Equal(store.Total(DeadLettersDropped), store.Counters()[(DeadLettersDropped, "flood")]);
            Assert.Equal(100, store.ReadRange(0, long.MaxValue, 1000).Count(r => r.Kind == MessageKind.Measurement));
        }

        [Fact]
        public void Over_the_bound_measurements_go_first_then_dead_letters_and_status_frames_last()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            using var store = Open(settings);
            store.Commit(Rows(MessageKind.Measurement, 50, "m", StandardFrame), _ => false);
            store.Commit(Rows(MessageKind.DeadLetter, 10, "d", new byte[1000]), _ => false);
            for (int i = 0; i < 30; i++)
            {
                store.Commit(Rows(MessageKind.Status, 50, "s", StatusFrame), _ => false);
                Assert.True(store.Bytes <= settings.MaxBytes, "bytes " + store.Bytes);
            }

            var rows = store.ReadRange(0, long.MaxValue, 100_000);
            Assert.DoesNotContain(rows, r => r.Kind == MessageKind.Measurement);
            Assert.DoesNotContain(rows, r => r.Kind == MessageKind.DeadLetter);
            Assert.Equal(50, store.Counters()[(DropPolicy.DroppedFull, "m")]);
            Assert.Equal(10, store.Counters()[(DeadLettersDropped, "d")]);
            Assert.True(store.Counters()[(DropPolicy.DroppedFull, "s")] > 0, "status frames went last");
            Assert.Equal(rows.Count, store.Rows);
        }

        [Fact]
        public void Dead_letters_and_status_frames_past_the_age_bound_are_dropped_too()
        {
            using var store = Open(new BufferSettings { MaxAgeDays = 1 });
            store.Commit(Rows(MessageKind.DeadLetter, 3, "d", new byte[10], receivedMs: 0), _ => false);
            store.Commit(Rows(MessageKind.Status, 2, "s", StatusFrame, receivedMs: 0), _ => false);
            store.Commit(Rows(MessageKind.Status, 1, "s", StatusFrame, receivedMs: 2 * 86_400_000L), _ => false);

            store.Prune(2 * 86_400_000L, 3_600_000, _ => false);

            Assert.Equal(3, store.Total(DeadLettersDropped));
            Assert.Equal(2, store.Total(DropPolicy.DroppedExpired));
            Assert.Equal(1, store.Rows);
        }

        [Fact]
        public void The_quarantine_is_bounded_in_bytes()
        {
            var settings = new BufferSettings { MaxBytes = 256 * 1024 };
            using var store = Open(settings);
            for (int i = 0; i < 100; i++)
            {
                var batch = new CommitBatch();
                batch.Quarantine.Add(new QuarantineEntry(i, "wifi", "smile/up/flood", "flood", "bad_crc", null, "garbage", new byte[4096]));
                store.Commit(batch, _ => false);
                long bytes = store.RecentQuarantine(int.MaxValue).Sum(q => q.Raw.Length + q.Message.Length + q.Topic.Length + q.Reason.Length + 64);
                Assert.True(bytes <= settings.MaxBytes / 16, bytes + " bytes in quarantine");
            }

            Assert.True(store.Total(DropPolicy.QuarantineEvicted) > 0);
            using var reopened = Open(settings);
            Assert.Equal(store.QuarantineRows, reopened.QuarantineRows);
        }

        [Fact]
        public void A_commit_that_fails_leaves_the_figures_and_the_drop_counters_as_they_were()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            using var store = Open(settings);
            while (store.Bytes < settings.MaxBytes - 2048)
            {
                store.Commit(Rows(MessageKind.Measurement, 10, "n", StandardFrame), _ => false);
            }

            Assert.Equal(0, store.Total(DropPolicy.DroppedFull));
            var before = (store.Bytes, store.Rows, store.PendingMessages);

            // The transaction fails after eviction deleted rows: while it counts the drops.
            Sql("CREATE TRIGGER refuse_drops BEFORE INSERT ON counters WHEN NEW.name = 'dropped_buffer_full' BEGIN SELECT RAISE(ABORT, 'test: the commit fails'); END;");
            Assert.Throws<SqliteException>(() => store.Commit(Rows(MessageKind.Measurement, 100, "n", StandardFrame), _ => false));

            Assert.Equal(before, (store.Bytes, store.Rows, store.PendingMessages));
            Assert.Equal(0, store.Total(DropPolicy.DroppedFull));
            Sql("DROP TRIGGER refuse_drops;");
            using var reopened = Open(settings);
            Assert.Equal(before, (reopened.Bytes, reopened.Rows, reopened.PendingMessages));

            // And the bound still holds afterwards.
            store.Commit(Rows(MessageKind.Measurement, 100, "n", StandardFrame), _ => false);
            Assert.True(store.Bytes <= settings.MaxBytes);
        }

        [Fact]
        public void A_file_that_is_not_a_database_is_refused_by_path_and_left_untouched()
        {
            byte[] garbage = new byte[8192];
            new Random(3).NextBytes(garbage);
            System.IO.File.WriteAllBytes(File, garbage);

            var e = Assert.ThrowsAny<Exception>(() => Open(new BufferSettings()));
            Assert.Equal("BufferUnusableException", e.GetType().Name);

            Assert.Contains(File, e.Message);
            Assert.Contains("Move it aside", e.Message);
            Assert.Equal(garbage, System.IO.File.ReadAllBytes(File));
        }

        [Fact]
        public void A_buffer_that_vanished_after_use_is_logged_as_a_warning()
        {
            var log = new WarningLog();
            using (var store = new GatewayStore(File, new BufferSettings(), log))
            {
                store.Commit(Rows(MessageKind.Measurement, 1, "n", StandardFrame), _ => false);
            }

            Assert.Empty(log.Warnings);
            foreach (string f in Directory.GetFiles(_folder, "buffer.db*").Where(f => !f.EndsWith(".created", StringComparison.Ordinal)))
            {
                System.IO.File.Delete(f);
            }

            using (new GatewayStore(File, new BufferSettings(), log))
            {
            }

            Assert.Contains(log.Warnings, w => w.Contains(File) && w.Contains("missing"));
        }

        private GatewayStore Open(BufferSettings settings) => new GatewayStore(File, settings, NullLogger.Instance);

        private void Sql(string sql)
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        private static CommitBatch Rows(MessageKind kind, int count, string node, byte[] frame, long receivedMs = 1)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < count; i++)
            {
                batch.Messages.Add(new StoredMessage(0, kind, node, receivedMs, "{\"s\":\"wifi\"}", frame));
            }

            return batch;
        }
    }
}
