using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Smile.Bench
{
    /// <summary>
    /// The results file (every run, and the machine) and a Markdown table of medians with the gateway/peer ratios.
    /// The generator's CPU (the publisher's threads), the instrument's (generator and platform subscriber threads) and
    /// the whole bench process's are reported beside each system, so a figure limited by the instrument shows as such;
    /// so are the cores the system kept busy (1.00: a single-threaded broker saturated) and the cores of the whole run
    /// (near the machine's 2: the machine is the limit).
    /// </summary>
    public static class Report
    {
        public static void Write(string folder, string name, List<RunResult> runs, Dictionary<string, string> environment)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(new { environment, runs }, new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(folder, name + ".md"), Markdown(runs, environment));
        }

        public static string Markdown(List<RunResult> runs, Dictionary<string, string> environment)
        {
            var md = new StringBuilder();
            md.Append("Measured ").Append(environment["date"]).Append(" on ").Append(environment["machine"]).Append(".\n\n");
            foreach (var scenario in runs.GroupBy(r => r.Scenario))
            {
                md.Append("**").Append(scenario.Key).Append("** (median of ").Append(scenario.Max(r => r.Round)).Append(" runs each)\n\n");
                md.Append("| system | msg/s | p50 ms | p99 ms | max ms | peak RSS MiB | CPU s | CPU µs/msg | cores busy | bytes written/msg | platform broker CPU µs/msg | generator CPU µs/msg | generator + subscriber CPU µs/msg | bench process CPU µs/msg | all cores busy | lost | duplicates |\n");
                md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
                foreach (var system in scenario.GroupBy(r => r.System))
                {
                    md.Append("| ").Append(system.Key)
                      .Append(" | ").Append(F(Median(system, r => r.MessagesPerSecond), "0"))
                      .Append(" | ").Append(F(Median(system, r => r.P50Ms), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.P99Ms), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.MaxMs), "0"))
                      .Append(" | ").Append(F(Median(system, r => r.PeakRssBytes / 1048576.0), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.CpuSeconds), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.CpuMicrosecondsPerMessage), "0"))
                      .Append(" | ").Append(F(Median(system, r => r.SystemCores), "0.00"))
                      .Append(" | ").Append(F(Median(system, r => r.BytesWrittenPerMessage), "0"))
                      .Append(" | ").Append(F(Median(system, r => r.PlatformBrokerCpuMicrosecondsPerMessage), "0"))
                      .Append(" | ").Append(F(Median(system, r => r.GeneratorCpuMicrosecondsPerMessage), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.InstrumentCpuMicrosecondsPerMessage), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.BenchProcessCpuMicrosecondsPerMessage), "0.0"))
                      .Append(" | ").Append(F(Median(system, r => r.AllCores), "0.00"))
                      .Append(" | ").Append(string.Join(", ", system.Select(r => r.Lost)))
                      .Append(" | ").Append(string.Join(", ", system.Select(r => r.Duplicates))).Append(" |\n");
                }

                // Every build of the gateway against every peer (the baseline is the instrument, not a peer).
                foreach (var gateway in scenario.Where(r => r.System.StartsWith("gateway", StringComparison.Ordinal)).GroupBy(r => r.System))
                {
                    md.Append('\n');
                    foreach (var peer in scenario.Where(r => !r.System.StartsWith("gateway", StringComparison.Ordinal) && !r.System.StartsWith("broker", StringComparison.Ordinal)).GroupBy(r => r.System))
                    {
                        md.Append("- ").Append(gateway.Key).Append(" / ").Append(peer.Key)
                          .Append(": throughput ×").Append(F(Median(gateway, r => r.MessagesPerSecond) / Median(peer, r => r.MessagesPerSecond), "0.00"))
                          .Append(", CPU per message ×").Append(F(Median(gateway, r => r.CpuMicrosecondsPerMessage) / Median(peer, r => r.CpuMicrosecondsPerMessage), "0.00"))
                          .Append(", peak RSS ×").Append(F(Median(gateway, r => r.PeakRssBytes) / Median(peer, r => r.PeakRssBytes), "0.00")).Append('\n');
                    }
                }

                md.Append('\n');
            }

            md.Append("Environment: ").Append(string.Join("; ", environment.Select(e => e.Key + " " + e.Value))).Append(".\n");
            return md.ToString();
        }

        private static double Median<T>(IEnumerable<T> items, Func<T, double> value)
        {
            double[] sorted = items.Select(value).OrderBy(v => v).ToArray();
            return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
