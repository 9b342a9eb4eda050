using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
    /// The processor and the outbox in process, as the ingest loop drives them: add a batch, commit it, and only
    /// then let the processor's decisions take effect (or roll them back when the commit fails).
    /// </summary>
    public sealed class UplinkProcessorTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-processor-").FullName;
        private readonly GatewayStore _store;
        private readonly Outbox _outbox;
        private readonly NodeDirectory _directory = new NodeDirectory();
        private readonly UplinkProcessor _processor;

        public UplinkProcessorTests()
        {
            _store = new GatewayStore(Path.Combine(_folder, "buffer.db"), new BufferSettings(), NullLogger.Instance);
            _outbox = new Outbox(_store);
            var options = new GatewayOptions();
            options.Filters.Deadband = new Dictionary<string, double>();
            _processor = new UplinkProcessor(options, new Deduplicator(3_600_000), _directory);
        }

        public void Dispose()
        {
            _store.Dispose();
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void A_committed_wifi_frame_is_one_row_handed_out_and_its_repeat_a_duplicate_acknowledged_again()
        {
            Assert.Single(Ingest(("smile/up/node-a", TestFrames.Measurement(7))));
            Assert.Equal(new[] { new WifiAck("node-a", 1, 7, 0) }, _processor.TakeWifiAcks());

            Assert.Empty(Ingest(("smile/up/node-a", TestFrames.Measurement(7))));

            Assert.Equal(new[] { new WifiAck("node-a", 1, 7, 0) }, _processor.TakeWifiAcks());
            Assert.Equal(1, _store.Counters()[(UplinkProcessor.Duplicates, "node-a")]);
            StoredMessage row = Assert.Single(_outbox.TakeLive(10));
            Assert.Equal(("node-a", MessageKind.Measurement), (row.Node, row.Kind));
            Assert.Equal("wifi", MessageMeta.Parse(row.Meta).Source);
            Assert.Equal(2, Assert.Single(_directory.Snapshot()).Frames);
        }

        [Fact]
        public void The_ack_names_per_node_the_newest_frame_and_the_ones_before_it_the_gateway_holds()
        {
            Ingest(("smile/up/node-a", TestFrames.Measurement(5)), ("smile/up/node-b", TestFrames.Measurement(1)), ("smile/up/node-a", TestFrames.Measurement(7)));

            // Frame 7's bit 0 is frame 6 (never sent), bit 1 frame 5.
            Assert.Equal(new[] { new WifiAck("node-a", 1, 7, 0b10), new WifiAck("node-b", 1, 1, 0) }, _processor.TakeWifiAcks());
            Assert.Empty(_processor.TakeWifiAcks());
        }

        [Fact]
        public void A_failed_commit_leaves_the_node_directory_the_deduplicator_and_the_buffer_as_they_were()
        {
            Sql("CREATE TRIGGER disk_trouble BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");

            Assert.Throws<SqliteException>(() => Ingest(("smile/up/node-a", TestFrames.Measurement(1)), ("smile/up/node-b", new byte[] { 1, 2, 3 })));

            Assert.Empty(_directory.Snapshot());
            Assert.Empty(_processor.TakeWifiAcks());
            Assert.Equal((0L, 0L), (_store.Rows, _store.QuarantineRows));
            Assert.Empty(_store.Counters());
            Assert.Empty(_outbox.TakeLive(10));

            // The retry of the same batch is not taken for a duplicate of the batch that never was.
            Sql("DROP TRIGGER disk_trouble;");
            Assert.Equal(2, Ingest(("smile/up/node-a", TestFrames.Measurement(1)), ("smile/up/node-b", new byte[] { 1, 2, 3 })).Count);
            Assert.Equal(new[] { "node-a", "node-b" }, _directory.Snapshot().Select(n => n.Node).OrderBy(n => n));
            Assert.False(_store.Counters().ContainsKey((UplinkProcessor.Duplicates, "node-a")));
        }

        /// <summary>What the ingest loop does with one batch; the commit's exception, if any, after the rollback.</summary>
        private List<long> Ingest(params (string Topic, byte[] Payload)[] messages)
        {
            var batch = new CommitBatch();
            foreach (var (topic, payload) in messages)
            {
                _processor.Add(batch, topic, payload, 1000, 0);
            }

            try
            {
                List<long> ids = _outbox.Commit(batch);
                _processor.Commit();
                return ids;
            }
            catch
            {
                _processor.Rollback();
                throw;
            }
        }

        private void Sql(string sql)
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "buffer.db"), Pooling = false }.ToString());
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }
}
