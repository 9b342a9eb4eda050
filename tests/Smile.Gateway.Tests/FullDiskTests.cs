using System;
using System.Diagnostics;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
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
            _mounted = Run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", _mount) == 0;
            if (!_mounted)
            {
                Console.WriteLine("FullDiskTests: a tmpfs could not be mounted (not root?); not run");
            }
        }

        private string File => Path.Combine(_mount, "buffer.db");

        // A bound far past the file system: only the free space can stop the buffer; 8 MB kept free.
        private static BufferSettings Settings => new BufferSettings { MaxBytes = 1L << 30, MinFreeMegabytes = 8 };

        public void Dispose()
        {
            if (_mounted)
            {
                Run("umount", _mount);
            }

            Directory.Delete(_mount, true);
        }

        /// <summary>Before: the first commit past the card's space failed, and so did every one after (1,341 of 2,000).</summary>
        [Fact]
        public void A_buffer_that_would_outgrow_its_file_system_stops_at_the_floor_and_new_messages_replace_the_oldest()
        {
            if (!_mounted)
            {
                return;
            }

            const int batches = 2000; // 80,000 rows, ~40 MB, into 32 MB
            using (var store = new GatewayStore(File, Settings, NullLogger.Instance))
            {
                int failed = 0;
                for (int batch = 0; batch < batches; batch++)
                {
                    try
                    {
                        store.Commit(Batch(batch), _ => false);
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
                    {
                        failed++;
                    }
                }

                Assert.Equal(0, failed);
                Assert.True(store.Total(DropPolicy.DroppedFull) > 0, "nothing was dropped: the file system never came near full");
                var rows = store.ReadRange(0, long.MaxValue, 1_000_000);
                Assert.Equal(batches * RowsPerBatch - 1, rows[^1].ReceivedMs);
                Assert.Equal(rows.Count, store.Rows);
                Assert.Equal(batches * RowsPerBatch, rows.Count + store.Total(DropPolicy.DroppedFull));
                Assert.True(new DriveInfo(_mount).AvailableFreeSpace >= 4L * 1024 * 1024, new DriveInfo(_mount).AvailableFreeSpace + " bytes left free");
            }

            AssertIntact();
        }

        /// <summary>
        /// Something else takes the last byte. Once the write-ahead log has been reused (after its first checkpoint) a
        /// commit that meets the full disk drops the oldest tenth in a transaction of its own and goes through; where
        /// not even that fits, the commit fails and ingest retries. Nothing committed is lost, and commits resume once
        /// there is room. Before: no commit went through until the space came back (the retry compared its extra room
        /// with the configured bound, far away, and so dropped nothing).
        /// </summary>
        [Fact]
        public void A_file_system_filled_by_something_else_drops_the_oldest_to_go_on_and_loses_nothing_committed()
        {
            if (!_mounted)
            {
                return;
            }

            using (var store = new GatewayStore(File, Settings, NullLogger.Instance))
            {
                // 12,000 rows: past the first checkpoint, so the log is being reused.
                for (int batch = 0; batch < 300; batch++)
                {
                    store.Commit(Batch(batch), _ => false);
                }

                string filler = Path.Combine(_mount, "journal");
                Fill(filler);
                int whileFull = 0;
                for (int batch = 300; batch < 400; batch++)
                {
                    try
                    {
                        store.Commit(Batch(batch), _ => false);
                        whileFull++;
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
                    {
                        // Refused: ingest keeps these unacknowledged at the local broker and retries.
                    }
                }

                Assert.True(whileFull > 0, "no commit went through while the file system was full");
                Assert.True(store.Total(DropPolicy.DroppedFull) > 0);
                System.IO.File.Delete(filler);
                store.Commit(Batch(400), _ => false);

                var rows = store.ReadRange(0, long.MaxValue, 1_000_000);
                Assert.Equal(rows.Count, store.Rows);
                Assert.Equal((300 + whileFull + 1) * RowsPerBatch, rows.Count + store.Total(DropPolicy.DroppedFull));
                Assert.Equal(400 * RowsPerBatch + RowsPerBatch - 1, rows[^1].ReceivedMs);
            }

            AssertIntact();
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

        private static CommitBatch Batch(int number)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < RowsPerBatch; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-" + (i % 7), number * RowsPerBatch + i, "{\"s\":\"wifi\"}", Frame));
            }

            return batch;
        }

        private static int Run(string tool, params string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start)!;
                process.WaitForExit();
                return process.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return -1;
            }
        }
    }
}
