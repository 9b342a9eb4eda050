using System;
using System.IO;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Simulation.Tests
{
    /// <summary>The benchmarks' bytes-written figure: what reaches storage, not what was dirtied and thrown away.</summary>
    public class ProcessStatsTests
    {
        [Fact]
        public void A_file_written_and_deleted_before_writeback_counts_nothing()
        {
            // As SQLite's temporary files live: created, unlinked at once, written, closed. Before, the 4 MB counted in
            // full (write_bytes alone).
            string file = Path.Combine(Path.GetTempPath(), "smile-stats-" + Guid.NewGuid().ToString("N"));
            var before = ProcessStats.Read(Environment.ProcessId);
            using (var temporary = new FileStream(file, FileMode.CreateNew))
            {
                File.Delete(file);
                temporary.Write(new byte[4 * 1024 * 1024]);
            }

            var used = ProcessStats.Read(Environment.ProcessId).Since(before);

            Assert.True(used.WriteBytes < 1024 * 1024, used.WriteBytes + " bytes counted");
        }
    }
}
