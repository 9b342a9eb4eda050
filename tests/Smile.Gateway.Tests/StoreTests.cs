using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The durable buffer on a real SQLite file.</summary>
    public sealed class StoreTests : IDisposable
    {
        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-store-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void Committed_rows_survive_reopening_and_deleted_ones_are_gone()
        {
            List<long> ids;
            using (var store = Open(new BufferSettings()))
            {
                ids = store.Commit(Batch(3, "n1"), _ => false);
                store.Delete(new[] { ids[0] });
            }

            using var again = Open(new BufferSettings());
            var rows = again.ReadRange(0, long.MaxValue, 10);
            Assert.Equal(new[] { ids[1], ids[2] }, rows.ConvertAll(r => r.Id));
            Assert.Equal(2, again.Rows);
            Assert.Equal(StandardFrame, rows[0].Frame);
        }

        [Fact]
        public void Over_its_bound_it_drops_the_oldest_measurements_counts_them_and_keeps_status()
        {
            var settings = new BufferSettings { MaxBytes = 64 * 1024 };
            using var store = Open(settings);
            var status = new CommitBatch();
            status.Messages.Add(new StoredMessage(0, MessageKind.Status, "n1", 1, "{}", Convert.FromHexString("2800010100001000040000000c00000000")));
            long statusId = store.Commit(status, _ => false)[0];

            int committed = 0;
            for (int i = 0; i < 20; i++)
            {
                store.Commit(Batch(100, i % 2 == 0 ? "a" : "b"), _ => false);
                committed += 100;
            }

            long dropped = store.Total(DropPolicy.DroppedFull);
            Assert.True(dropped > 0, "the bound was reached");
            Assert.True(store.Bytes <= settings.MaxBytes);
            Assert.Equal(committed - dropped + 1, store.PendingMessages);
            Assert.Equal(statusId, store.ReadRange(0, long.MaxValue, 1)[0].Id);
            var counters = store.Counters();
            Assert.Equal(dropped, counters[(DropPolicy.DroppedFull, "a")] + counters[(DropPolicy.DroppedFull, "b")]);

            using var reopened = Open(settings);
            Assert.Equal(dropped, reopened.Total(DropPolicy.DroppedFull));
        }

        [Fact]
        public void Rows_being_published_are_never_dropped()
        {
            using var store = Open(new BufferSettings { MaxBytes = 64 * 1024 });
            long first = store.Commit(Batch(1, "n"), _ => false)[0];
            for (int i = 0; i < 20; i++)
            {
                store.Commit(Batch(100, "n"), id => id == first);
            }

            Assert.Equal(first, store.ReadRange(0, long.MaxValue, 1)[0].Id);
        }

        [Fact]
        public void Measurements_past_the_age_bound_are_dropped_and_counted()
        {
            using var store = Open(new BufferSettings { MaxAgeDays = 1 });
            store.Commit(Batch(5, "old", receivedMs: 0), _ => false);
            store.Commit(Batch(2, "new", receivedMs: 2 * 86_400_000L), _ => false);

            store.Prune(2 * 86_400_000L, 3_600_000, _ => false);

            Assert.Equal(5, store.Total(DropPolicy.DroppedExpired));
            Assert.Equal(2, store.Rows);
        }

        [Fact]
        public void Dedup_keys_persist_within_the_window()
        {
            using (var store = Open(new BufferSettings()))
            {
                var batch = new CommitBatch();
                batch.SeenFrames.Add(("n", 1, 42, 1000));
                store.Commit(batch, _ => false);
            }

            using var again = Open(new BufferSettings());
            Assert.Equal(("n", 1, 42, 1000L), Assert.Single(Seen(again, 0)));
            Assert.Empty(Seen(again, 2000));
        }

        [Fact]
        public void Dedup_keys_past_the_row_budget_are_forgotten_oldest_first_and_never_read_at_start()
        {
            Open(new BufferSettings()).Dispose();
            long rows = GatewayStore.SeenRowBudget + 5;
            using (var db = new SqliteConnection("Data Source=" + Path.Combine(_folder, "buffer.db")))
            {
                db.Open();
                using var insert = db.CreateCommand();
                insert.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
                    + "INSERT INTO seen(id, at_ms, node, boot, seq) SELECT i, 1000 + i, 'node-' || (i % 2000), 1, i % 4096 FROM n";
                insert.ExecuteNonQuery();
            }

            SqliteConnection.ClearAllPools();
            using var store = Open(new BufferSettings());
            int read = 0;
            long oldest = long.MaxValue;
            store.ReadSeenFrames(0, (_, _, _, at) =>
            {
                read++;
                oldest = Math.Min(oldest, at);
            });
            Assert.Equal(GatewayStore.SeenRowBudget, read); // before any prune: a restart reads no more than the budget
            Assert.Equal(1000 + 6, oldest);

            store.Prune(nowMs: 2000 + rows, dedupWindowMs: long.MaxValue / 2, _ => false);
            read = 0;
            store.ReadSeenFrames(0, (_, _, _, _) => read++);
            Assert.Equal(GatewayStore.SeenRowBudget, read);
            using var db2 = new SqliteConnection("Data Source=" + Path.Combine(_folder, "buffer.db"));
            db2.Open();
            using var count = db2.CreateCommand();
            count.CommandText = "SELECT COUNT(*), MIN(id) FROM seen";
            using var r = count.ExecuteReader();
            r.Read();
            Assert.Equal(GatewayStore.SeenRowBudget, r.GetInt64(0));
            Assert.Equal(6, r.GetInt64(1));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(30)] // the group commit's usual batch at 1,000 msg/s
        [InlineData(31)]
        [InlineData(100)]
        public void A_batch_writes_its_rows_and_its_keys_in_a_handful_of_statements(int messages)
        {
            using GatewayStore store = Open(new BufferSettings());
            var statements = new StatementCounter(store);
            CommitBatch batch = Batch(messages, "node");
            for (int i = 0; i < messages; i++)
            {
                batch.SeenFrames.Add(("node-" + i, 7, i, 1_000 + i));
            }

            store.Commit(batch, _ => false);

            // BEGIN, the rows in blocks of 32, 16 … 1, the keys likewise, COMMIT: 100 messages take 10 statements.
            // A statement per row (103 to 108 here before) cost a statement journal each.
            Assert.InRange(statements.Read().Statements, 4, 2 + 2 * (messages / 32 + 5));
            Assert.Equal(batch.SeenFrames.Order(), Seen(store, 0).Order()); // read in no particular order
        }

        [Theory]
        [InlineData(1)]
        [InlineData(45)] // blocks of 32, 8, 4 and 1
        public void Each_message_of_a_batch_gets_the_id_of_its_own_row(int messages)
        {
            using GatewayStore store = Open(new BufferSettings());
            store.Commit(Batch(3, "before"), _ => false);
            var batch = new CommitBatch();
            for (int i = 0; i < messages; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-" + i, 1_000 + i, "{\"s\":\"wifi\"}", new byte[i + 1]));
            }

            List<long> ids = store.Commit(batch, _ => false);

            var rows = store.ReadRange(0, long.MaxValue, 1000).ToDictionary(r => r.Id);
            Assert.Equal(messages, ids.Count);
            for (int i = 0; i < messages; i++)
            {
                Assert.Equal(("node-" + i, 1_000L + i, i + 1), (rows[ids[i]].Node, rows[ids[i]].ReceivedMs, rows[ids[i]].Frame.Length));
            }

            Assert.Equal(rows.Values.Sum(r => r.Size), store.Bytes);
        }

        private static List<(string, int, int, long)> Seen(GatewayStore store, long sinceMs)
        {
            var keys = new List<(string, int, int, long)>();
            store.ReadSeenFrames(sinceMs, (node, boot, sequence, at) => keys.Add((node, boot, sequence, at)));
            return keys;
        }

        [Fact]
        public async Task The_disk_status_answers_while_a_commit_holds_the_store_waiting_for_the_file()
        {
            using var store = Open(new BufferSettings());
            using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "buffer.db"), Pooling = false }.ToString());
            other.Open();
            Task commit;
            using (SqliteTransaction hold = other.BeginTransaction(deferred: false))
            {
                // The commit waits for the other writer inside the store's lock, up to the 5 s busy timeout.
                commit = Task.Run(() => store.Commit(Batch(1, "n"), _ => false));
                await Task.Delay(500);

                BufferDisk disk = store.Disk();

                Assert.False(commit.IsCompleted, "Disk() waited for the commit");
                Assert.True(disk.FloorBytes > 0, "the floor's last look: " + disk);
                hold.Rollback();
            }

            await commit;
            Assert.Equal(1, store.Rows);
        }

        private GatewayStore Open(BufferSettings settings) => new GatewayStore(Path.Combine(_folder, "buffer.db"), settings, NullLogger.Instance);

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
