using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>A damaged buffer file: the gateway says what and where, leaves the file alone, and exits with its own code.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class BufferFileTests
    {
        /// <summary>BufferUnusableException.ExitCode: 1 is a crash, 2 an invalid configuration.</summary>
        private const int BufferUnusable = 3;

        [Fact]
        public async Task A_garbage_buffer_file_is_refused_clearly_left_untouched_and_ends_the_process_with_its_own_code()
        {
            using var local = TestBrokers.Local();
            using var gateway = new GatewayProcess(local, local);
            string buffer = Path.Combine(gateway.DataDirectory, "buffer.db");
            byte[] garbage = new byte[64 * 1024];
            new Random(11).NextBytes(garbage);
            File.WriteAllBytes(buffer, garbage);

            gateway.Start();
            var waited = Stopwatch.StartNew();
            while (!gateway.HasExited && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            Assert.True(gateway.HasExited, "the gateway kept running on a damaged buffer");
            await Task.Delay(200);
            string log = gateway.Log();
            Assert.Equal(BufferUnusable, gateway.ExitCode);
            Assert.Contains("refusing to start", log);
            Assert.Contains(buffer, log);
            Assert.Contains("not a SQLite database", log);
            Assert.Contains("Move it aside", log);
            Assert.DoesNotContain("   at ", log);
            Assert.Equal(garbage, File.ReadAllBytes(buffer));
        }
    }
}
