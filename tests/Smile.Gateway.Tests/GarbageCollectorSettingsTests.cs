using System;
using System.IO;
using System.Text.Json.Nodes;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The collector settings the gateway is built with, read from the runtimeconfig.json every gateway process the
    /// tests start runs with (the NativeAOT packages bake the same MSBuild settings in).
    /// </summary>
    public class GarbageCollectorSettingsTests
    {
        private static JsonNode Settings()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "smile-gateway.runtimeconfig.json");
            return JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        }

        [Fact]
        public void The_gateway_runs_the_workstation_collector_with_its_gen0_budget_capped_at_6_mib()
        {
            JsonNode settings = Settings();
            Assert.False((bool)settings["System.GC.Server"]!, "server GC keeps a heap per core: most of a Pi's memory");
            // Without background GC the workstation collector's gen0 and gen1 budgets may grow to 128 MiB: the gateway's
            // peak RSS was 85-90 MiB instead of 50 (docs/performance-syscalls-2026-11-30.md, "Eighth round").
            Assert.True((bool)settings["System.GC.Concurrent"]!, "background GC is what caps the gen0 and gen1 budgets at 6 MiB");
            // Stated, so the cap does not depend on the CPU cache size the collector reads on the host.
            Assert.Equal(6L * 1024 * 1024, (long)settings["System.GC.Gen0MaxBudget"]!);
        }
    }
}
