using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Smile.MqttClient.Bench
{
    /// <summary>results.json (every run, the medians, the system calls) and results.md (the tables of medians).</summary>
    public static class Report
    {
        public static void Write(string folder, List<RunResult> runs, List<SyscallCount> syscalls)
        {
            var medians = runs.GroupBy(r => (r.Workload, r.Client)).Select(g => new
            {
                g.Key.Workload,
                g.Key.Client,
                Runs = g.Count(),
                MessagesPerSecond = Median(g.Select(r => r.MessagesPerSecond)),
                ClientCpuMicrosPerMessage = Median(g.Select(r => r.ClientCpuMicrosPerMessage)),
                AllocatedBytesPerMessage = Median(g.Select(r => r.AllocatedBytesPerMessage)),
                InstrumentCpuMicrosPerMessage = Median(g.Select(r => r.InstrumentCpuMicrosPerMessage)),
                BrokerCpuMicrosPerMessage = Median(g.Select(r => r.BrokerCpuMicrosPerMessage)),
                SyscallsPerMessage = syscalls.FirstOrDefault(s => s.Workload == g.Key.Workload && s.Client == g.Key.Client)?.CallsPerMessage,
            }).ToList();

            File.WriteAllText(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(new
            {
                Date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Cores = Environment.ProcessorCount,
                Medians = medians,
                Runs = runs,
                Syscalls = syscalls,
            }, new JsonSerializerOptions { WriteIndented = true }) + "\n");

            var md = new StringBuilder();
            md.AppendLine("# MQTT client benchmark: Smile.Mqtt against MQTTnet 5.2.0");
            md.AppendLine();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Written by bench/Smile.MqttClient.Bench ({runs.Count} runs, {runs.Max(r => r.Round)} rounds, clients alternating; medians). {Environment.ProcessorCount} cores shared with other work: load average {runs.Min(r => Math.Min(r.LoadBefore, r.LoadAfter)):0.0} to {runs.Max(r => Math.Max(r.LoadBefore, r.LoadAfter)):0.0} during the runs, so the rates and CPU times are noisy; allocations and system calls are not."));
            md.AppendLine();
            md.AppendLine("| workload | client | msg/s | client CPU µs/msg | allocated B/msg | syscalls/msg | publisher CPU µs/msg | mosquitto CPU µs/msg |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var m in medians)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m.Workload} | {m.Client} | {m.MessagesPerSecond:0} | {m.ClientCpuMicrosPerMessage:0.0} | {m.AllocatedBytesPerMessage:0} | {(m.SyscallsPerMessage is double s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {(m.Workload == "Receive" ? m.InstrumentCpuMicrosPerMessage.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {m.BrokerCpuMicrosPerMessage:0.0} |"));
            }

            md.AppendLine();
            md.AppendLine("Every run:");
            md.AppendLine();
            md.AppendLine("| round | workload | client | msg/s | client CPU µs/msg | allocated B/msg | load before, after |");
            md.AppendLine("|---:|---|---|---:|---:|---:|---|");
            foreach (RunResult r in runs)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Round} | {r.Workload} | {r.Client} | {r.MessagesPerSecond:0} | {r.ClientCpuMicrosPerMessage:0.0} | {r.AllocatedBytesPerMessage:0} | {r.LoadBefore:0.0}, {r.LoadAfter:0.0} |"));
            }

            if (syscalls.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("System calls (strace -c -f on the client process, one run of " + syscalls[0].Messages + " messages each):");
                md.AppendLine();
                md.AppendLine("| workload | client | calls/msg | most frequent (per msg) |");
                md.AppendLine("|---|---|---:|---|");
                foreach (SyscallCount s in syscalls)
                {
                    md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Workload} | {s.Client} | {s.CallsPerMessage:0.00} | {s.Top} |"));
                }
            }

            File.WriteAllText(Path.Combine(folder, "results.md"), md.ToString());
        }

        private static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
