using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The pipeline in process: a message it fails on, a rolled-back batch, a pruner on another thread.</summary>
    public class PipelineRobustnessTests
    {
        [Fact]
        public void A_message_the_pipeline_fails_on_is_quarantined_as_internal_error_and_the_batch_goes_on()
        {
            // Any failure inside the pipeline will do: here the node table throws for one node.
            var options = new GatewayOptions();
            options.Nodes.UnknownNodePolicy = "quarantine";
            options.Nodes.Known = new Dictionary<string, string>(new ThrowingFor("node-bad")) { ["node-a"] = "hafen", ["node-b"] = "hafen" };
            var (processor, directory) = Processor(options);
            var batch = new CommitBatch();

            processor.Add(batch, "smile/up/node-a", TestFrames.Measurement(1), 1000, 0);
            processor.Add(batch, "smile/up/node-bad", TestFrames.Measurement(2), 1000, 0);
            processor.Add(batch, "smile/up/node-b", TestFrames.Measurement(3), 1000, 0);

            Assert.Equal(new[] { ("node-a", MessageKind.Measurement), ("node-bad", MessageKind.DeadLetter), ("node-b", MessageKind.Measurement) },
                batch.Messages.Select(m => (m.Node, m.Kind)));
            QuarantineEntry q = Assert.Single(batch.Quarantine);
            Assert.Equal("internal_error", q.Reason);
            Assert.Contains("InvalidOperationException", q.Message);
            Assert.Equal("smile/up/node-bad", q.Topic);
            processor.Commit();
            Assert.Equal(new[] { "node-a", "node-b", "node-bad" }, directory.Snapshot().Select(n => n.Node));
        }

        [Fact]
        public void A_chirpstack_event_with_an_snr_of_1e400_is_quarantined_and_the_batch_goes_on()
        {
            var (processor, _) = Processor(new GatewayOptions());
            var batch = new CommitBatch();
            string poison = "{\"deduplicationId\":\"d-1\",\"deviceInfo\":{\"devEui\":\"70b3d57ed0000001\"},\"fCnt\":1,\"fPort\":1,\"data\":\""
                + Convert.ToBase64String(TestFrames.Measurement(1)) + "\",\"rxInfo\":[{\"gatewayId\":\"0016c001f153a14c\",\"rssi\":-80,\"snr\":1e400}]}";

            processor.Add(batch, "smile/up/node-a", TestFrames.Measurement(1), 1000, 0);
            processor.Add(batch, "application/app-1/device/70b3d57ed0000001/event/up", Encoding.UTF8.GetBytes(poison), 1000, 0);
            processor.Add(batch, "smile/up/node-b", TestFrames.Measurement(2), 1000, 0);

            Assert.Equal(2, batch.Messages.Count(m => m.Kind == MessageKind.Measurement));
            QuarantineEntry q = Assert.Single(batch.Quarantine);
            Assert.Equal(Encoding.UTF8.GetBytes(poison), q.Raw);
        }

        [Fact]
        public void A_rolled_back_batch_leaves_no_trace_in_the_node_directory()
        {
            var (processor, directory) = Processor(new GatewayOptions());
            var batch = new CommitBatch();
            processor.Add(batch, "smile/up/node-a", TestFrames.Measurement(1), 1000, 0);
            processor.Add(batch, "smile/up/node-b", new byte[] { 1, 2, 3 }, 1000, 0);

            processor.Rollback();

            Assert.Empty(directory.Snapshot());
        }

        [Fact]
        public async Task Pruning_while_ingest_commits_never_breaks_the_deduplicator()
        {
            var dedup = new Deduplicator(50);
            long now = 0;
            var run = Stopwatch.StartNew();
            Task ingest = Task.Run(() =>
            {
                for (int i = 0; run.Elapsed < TimeSpan.FromSeconds(2); i++)
                {
                    long at = Interlocked.Increment(ref now);
                    for (int k = 0; k < 8; k++)
                    {
                        dedup.RememberNetworkId("id-" + i + "-" + k, at);
                    }

                    dedup.Remember("node", 1, i & 0xFFF, at);
                    dedup.Commit();
                }
            });
            Task prune = Task.Run(() =>
            {
                while (run.Elapsed < TimeSpan.FromSeconds(2))
                {
                    dedup.Prune(Interlocked.Read(ref now));
                }
            });

            await Task.WhenAll(ingest, prune).WaitAsync(TimeSpan.FromSeconds(20));
            dedup.Prune(long.MaxValue / 2);
            Assert.False(dedup.IsDuplicateNetworkId("id-0-0", long.MaxValue / 2));
        }

        private static (UplinkProcessor, NodeDirectory) Processor(GatewayOptions options)
        {
            var directory = new NodeDirectory();
            options.Filters.Deadband = new Dictionary<string, double>();
            return (new UplinkProcessor(options, new Deduplicator(3_600_000), directory), directory);
        }

        /// <summary>Compares node ids, and throws for one of them.</summary>
        private sealed class ThrowingFor : IEqualityComparer<string>
        {
            private readonly string _node;

            public ThrowingFor(string node) => _node = node;

            public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

            public int GetHashCode(string s) => s == _node ? throw new InvalidOperationException("test: the node table fails for " + s) : s.GetHashCode();
        }
    }
}
