using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A running gateway reports what it takes of the Pi (resident memory, managed heap, CPU time) in `/metrics` and
    /// `/status`, and the figures are the kernel's own for that process, not the machine's or a guess.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class ProcessFiguresTests
    {
        private const long Slack = 2 * 1024 * 1024;

        [Fact]
        public async Task The_metrics_and_the_status_give_the_memory_and_cpu_time_the_kernel_counts_for_the_gateway()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream);
            await gateway.StartReadyAsync();

            // The kernel's figures for the gateway's pid just before and just after each read: the reported ones lie between
            // (the resident set up to 2 MiB beyond, for what a collection hands back while the request runs).
            var before = Kernel(gateway.Pid);
            string metrics = await gateway.GetAsync("/metrics");
            var after = Kernel(gateway.Pid);
            Assert.InRange(Value(metrics, "process_working_set_bytes"), Math.Min(before.ResidentBytes, after.ResidentBytes) - Slack, Math.Max(before.ResidentBytes, after.ResidentBytes) + Slack);
            // /proc/<pid>/stat counts whole ticks of 10 ms, user and system each rounded down.
            Assert.InRange(Value(metrics, "process_cpu_seconds_total"), before.CpuSeconds - 0.001, after.CpuSeconds + 0.02);
            Assert.Contains("\n# TYPE process_cpu_seconds_total counter\n", metrics);
            double heap = Value(metrics, "dotnet_total_memory_bytes");
            Assert.True(heap > 0 && heap < after.ResidentBytes, "managed heap " + heap + " of a resident set of " + after.ResidentBytes);

            before = Kernel(gateway.Pid);
            JsonNode process = (await gateway.StatusAsync())["process"]!;
            after = Kernel(gateway.Pid);
            Assert.InRange((long)process["resident_bytes"]!, Math.Min(before.ResidentBytes, after.ResidentBytes) - Slack, Math.Max(before.ResidentBytes, after.ResidentBytes) + Slack);
            Assert.InRange((double)process["cpu_seconds"]!, before.CpuSeconds - 0.001, after.CpuSeconds + 0.02);
            Assert.True((long)process["managed_heap_bytes"]! > 0, process.ToJsonString());
        }

        private static double Value(string metrics, string name)
        {
            Match line = Regex.Match(metrics, "\n" + Regex.Escape(name) + " ([0-9.eE+-]+)\n");
            Assert.True(line.Success, name + " is missing from /metrics");
            return double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        /// <summary>The resident set now and the CPU time so far, as the kernel counts them for the pid.</summary>
        private static (long ResidentBytes, double CpuSeconds) Kernel(int pid) => (ProcessStats.ResidentBytes(pid), ProcessStats.Read(pid).CpuSeconds);
    }
}
