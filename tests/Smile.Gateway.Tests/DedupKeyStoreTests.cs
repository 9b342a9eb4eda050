using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A stored frame's dedup key rides in its outbox row and moves to the seen keys when the row goes (buffer version
    /// 2, Schema.DedupKeysInOutbox): an uplink's commit appends to one table, not two. The promise it must keep: however
    /// the row leaves, and across a restart at any point, a repeat of the frame is still caught.
    /// </summary>
    public sealed class DedupKeyStoreTests : IDisposable
    {
        private const long Hour = 3_600_000;
        private const long T0 = 1_800_000_000_000;
        private const string Node = "node-key";
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-dedup-key-").FullName;
        private readonly BufferSettings _settings = new BufferSettings { MaxAgeDays = 1, MaxBytes = 64 * 1024 };
        private GatewayStore _store;
        private Outbox _outbox;

        public DedupKeyStoreTests()
        {
            _store = new GatewayStore(BufferPath, _settings, NullLogger.Instance);
            _outbox = new Outbox(_store);
        }

        private string BufferPath => Path.Combine(_folder, "buffer.db");

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void An_uplinks_commit_writes_its_key_into_its_row_only_and_a_restart_still_knows_the_waiting_frame()
        {
            Assert.Single(Ingest(Processor(), 7, T0));

            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM seen"));
            Assert.Equal(2, Scalar("PRAGMA user_version"));
            Restart();
            Assert.True(IsRepeatCaught(7, T0 + Hour));
            Assert.False(IsRepeatCaught(8, T0 + Hour)); // the counter-check: a new frame still goes through
        }

        [Theory]
        [InlineData("delivered")]
        [InlineData("parked")]
        [InlineData("expired")]
        [InlineData("evicted")]
        public void A_frame_is_still_caught_after_a_restart_however_its_row_went(string how)
        {
            long id = Ingest(Processor(), 7, T0)[0];
            long now = T0;
            switch (how)
            {
                case "delivered":
                    Assert.Equal(id, _outbox.TakeLive(1)[0].Id);
                    _outbox.Acknowledge(id);
                    Assert.Equal(1, _outbox.DeleteAcknowledged());
                    break;
                case "parked":
                    Assert.Equal(id, _outbox.TakeLive(1)[0].Id);
                    _outbox.Park(id, null); // dropped, counted as unforwardable
                    break;
                case "expired":
                    now = T0 + 2 * 24 * Hour;
                    _outbox.Prune(now, 3 * 24 * Hour);
                    break;
                case "evicted":
                    while (_store.Total(DropPolicy.DroppedFull) == 0)
                    {
                        var batch = new CommitBatch();
                        for (int i = 0; i < 100; i++)
                        {
                            batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "other", T0, "{\"s\":\"wifi\"}", new byte[64]));
                        }

                        _outbox.Commit(batch);
                    }

                    break;
            }

            Assert.Empty(_store.ReadRange(id - 1, id, 1));
            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM seen WHERE node = '" + Node + "'"));
            Restart();
            Assert.True(IsRepeatCaught(7, now + Hour));
        }

        [Fact]
        public void After_an_outage_the_newest_frame_delivered_first_is_still_caught_after_a_restart()
        {
            // 20 h of a frame a minute waiting (more than the deduplicator keeps a node: the last 1,024 it is handed),
            // then the link is back and the newest goes first (LiveFirst): its key is in seen, older ones in their rows.
            var processor = Processor();
            var batch = new CommitBatch();
            for (int i = 0; i < 1200; i++)
            {
                processor.Add(batch, "smile/up/" + Node, TestFrames.Measurement(i), T0 + i * 60_000L, 0);
            }

            _outbox.Commit(batch);
            processor.Commit();
            _outbox.BeginDelivery();
            long newest = Ingest(processor, 1200, T0 + 1200 * 60_000L)[0];
            Assert.Equal(newest, Assert.Single(_outbox.TakeLive(10)).Id);
            _outbox.Acknowledge(newest);
            _outbox.DeleteAcknowledged();

            // Read as they lie (seen first, then the rows): kept in that order, the last 1,024 would be the oldest rows.
            Restart();
            Assert.True(IsRepeatCaught(1200, T0 + 1201 * 60_000L));
        }

        /// <summary>
        /// A sort of the keys spills to SQLite's temporary files on the card: 139 MiB at the start of a full 256 MiB
        /// buffer (3.2 million keys in the window), more than the 64 MiB the free-space floor leaves.
        /// </summary>
        [Fact]
        public void A_start_reads_the_keys_without_a_sort_that_would_spill_to_temporary_files()
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = BufferPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + GatewayStore.SeenFramesQuery;
            command.Parameters.AddWithValue("$since", T0);
            command.Parameters.AddWithValue("$budget", GatewayStore.SeenRowBudget);
            var plan = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            Assert.Contains(plan, step => step.Contains("outbox"));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE"));
        }

        [Fact]
        public void The_key_of_a_frame_the_pipeline_failed_on_after_remembering_it_is_kept_as_its_dead_letter_is()
        {
            var options = new GatewayOptions();
            options.Filters.Deadband = new Dictionary<string, double>();
            var failing = new UplinkProcessor(options, new Deduplicator(3 * 24 * Hour), new NodeDirectory(), new GatewayClock(new FailingClockSync(), TimeProvider.System));
            var batch = new CommitBatch();
            failing.Add(batch, "smile/up/" + Node, TestFrames.Measurement(7), T0, 0);
            Assert.Equal(UplinkProcessor.InternalError, Assert.Single(batch.Quarantine).Reason);
            _outbox.Commit(batch);
            failing.Commit();

            Restart();
            Assert.True(IsRepeatCaught(7, T0 + Hour));
        }

        [Fact]
        public void A_version_1_buffer_migrates_and_its_rows_keys_already_in_seen_are_not_doubled()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            File.Delete(BufferPath);
            using (var db = new SqliteConnection("Data Source=" + BufferPath + ";Pooling=false"))
            {
                db.Open();
                using var command = db.CreateCommand();
                command.CommandText = Schema.Create + "PRAGMA user_version=1;"
                    + "INSERT INTO outbox(kind, node, received_ms, samples, meta, frame) VALUES (0, '" + Node + "', " + T0 + ", 1, '{\"s\":\"wifi\"}', x'00');"
                    + "INSERT INTO seen(node, boot, seq, at_ms) VALUES ('" + Node + "', 1, 7, " + T0 + ");";
                command.ExecuteNonQuery();
            }

            _store = new GatewayStore(BufferPath, _settings, NullLogger.Instance);
            _outbox = new Outbox(_store);
            Assert.Equal(2, Scalar("PRAGMA user_version"));
            long id = _outbox.TakeBacklog(1)[0].Id;
            _outbox.Acknowledge(id);
            _outbox.DeleteAcknowledged();

            Assert.Equal(1, Scalar("SELECT COUNT(*) FROM seen"));
            Restart();
            Assert.True(IsRepeatCaught(7, T0 + Hour));
        }

        private UplinkProcessor Processor(Deduplicator? dedup = null)
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-test";
            options.Filters.Deadband = new Dictionary<string, double>();
            return new UplinkProcessor(options, dedup ?? new Deduplicator(3 * 24 * Hour), new NodeDirectory());
        }

        private List<long> Ingest(UplinkProcessor processor, int sequence, long receivedMs, CommitBatch? batch = null)
        {
            batch ??= new CommitBatch();
            processor.Add(batch, "smile/up/" + Node, TestFrames.Measurement(sequence), receivedMs, 0);
            List<long> ids = _outbox.Commit(batch);
            processor.Commit();
            return ids;
        }

        /// <summary>A restarted gateway's processor (keys read from the buffer, as Program does) takes the frame again.</summary>
        private bool IsRepeatCaught(int sequence, long nowMs)
        {
            var dedup = new Deduplicator(3 * 24 * Hour);
            _store.ReadSeenFrames(nowMs - 3 * 24 * Hour, dedup.Load);
            var batch = new CommitBatch();
            List<long> stored = Ingest(Processor(dedup), sequence, nowMs, batch);
            return stored.Count == 0 && batch.Counters.ContainsKey((UplinkProcessor.Duplicates, Node));
        }

        private void Restart()
        {
            _store.Dispose();
            _store = new GatewayStore(BufferPath, _settings, NullLogger.Instance);
            _outbox = new Outbox(_store);
        }

        /// <summary>Reading the clock's state fails: the pipeline reads it after it remembered the frame's key.</summary>
        private sealed class FailingClockSync : IClockSync
        {
            public ClockSyncState Read() => throw new InvalidOperationException("test: the clock's state cannot be read");
        }

        private long Scalar(string sql)
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = BufferPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
    }
}
