using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// What another process used, from /proc (Linux): peak resident memory, CPU seconds, bytes it caused to be written to
    /// storage (dirtied, less what was deleted before writeback); the benchmarks' figures for the system under test and the brokers.
    /// </summary>
    public sealed record ProcessStats(long PeakRssBytes, double CpuSeconds, long WriteBytes)
    {
        public static ProcessStats Read(int pid)
        {
            long hwm = StatusKilobytes(pid, "VmHWM:") * 1024;
            string[] stat = File.ReadAllText("/proc/" + pid + "/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double cpu = (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) / ThreadCpu.TicksPerSecond;
            string[] io = File.ReadAllLines("/proc/" + pid + "/io");

            // write_bytes counts a page when it is dirtied; a file deleted before writeback (SQLite's temporary files,
            // ~66 KB a second at 1,000 msg/s) never reaches the card and is counted back in cancelled_write_bytes.
            long written = IoCounter(io, "write_bytes:") - IoCounter(io, "cancelled_write_bytes:");
            return new ProcessStats(hwm, cpu, written);
        }

        /// <summary>Resident memory now (VmRSS), for sampling over time.</summary>
        public static long ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

        /// <summary>This process and its children (Node-RED runs as node under a shell-less start, so one pid suffices).</summary>
        public ProcessStats Since(ProcessStats start) => new ProcessStats(PeakRssBytes, CpuSeconds - start.CpuSeconds, WriteBytes - start.WriteBytes);

        private static long IoCounter(string[] io, string field) =>
            long.Parse(io.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

        private static long StatusKilobytes(int pid, string field) =>
            long.Parse(File.ReadAllLines("/proc/" + pid + "/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
