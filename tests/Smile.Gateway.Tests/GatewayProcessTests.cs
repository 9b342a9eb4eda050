using System.Collections.Generic;
using System.Threading;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The test harness's own promise: once the gateway counts as exited, everything it printed is in its log.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class GatewayProcessTests
    {
        /// <summary>
        /// Process.HasExited turns true when the child is reaped, while its redirected output may still be on its way
        /// to the event handlers (the .NET documentation of Process.HasExited says so). A refusal test once saw an
        /// empty log next to the right exit code.
        /// </summary>
        [Fact]
        public void A_process_that_prints_and_exits_has_all_its_output_in_the_log_once_it_counts_as_exited()
        {
            using var local = TestBrokers.Local();
            for (int run = 0; run < 40; run++)
            {
                using var printer = new GatewayProcess(local, 1, command: "sh", arguments: new List<string> { "-c", "seq 1 2000; echo last line >&2; exit 3" });
                printer.Start();
                while (!printer.HasExited)
                {
                    Thread.Sleep(1);
                }

                Assert.Equal(3, printer.ExitCode);
                string log = printer.Log();
                Assert.True(log.Contains("2000\n") && log.Contains("last line"), "run " + run + ": the log had " + log.Length + " characters when the process counted as exited");
            }
        }
    }
}
