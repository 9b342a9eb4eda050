using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The dedup keys of a commit go in a handful of statements, whatever the batch's size, and all arrive.</summary>
    public sealed class SeenInsertTests : IDisposable
    {
        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-seen-").FullName;

        [Theory]
        [InlineData(1)]
        [InlineData(30)] // the group commit's usual batch at 1,000 msg/s
        [InlineData(31)]
        [InlineData(100)]
        public void A_batch_writes_its_keys_in_at_most_six_statements_besides_its_rows(int messages)
        {
            using var store = new GatewayStore(Path.Combine(_folder, "buffer.db"), new BufferSettings(), NullLogger.Instance);
            var statements = new StatementCounter(store);
            var batch = new CommitBatch();
            for (int i = 0; i < messages; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-" + i, 1_000 + i, "{\"s\":\"wifi\"}", StandardFrame));
                batch.SeenFrames.Add(("node-" + i, 7, i, 1_000 + i));
            }

            store.Commit(batch, _ => false);

            // BEGIN, a row each, the keys, COMMIT.
            Assert.InRange(statements.Read().Statements, messages + 3, messages + 2 + 6);
            var keys = new List<(string, int, int, long)>();
            store.ReadSeenFrames(0, (node, boot, sequence, at) => keys.Add((node, boot, sequence, at)));
            Assert.Equal(batch.SeenFrames, keys);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
