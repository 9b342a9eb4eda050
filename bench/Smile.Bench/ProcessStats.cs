using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Smile.Bench
{
    /// <summary>What a process used, from /proc: peak resident memory, CPU seconds, bytes it caused to be written to storage.</summary>
    public sealed record ProcessStats(long PeakRssBytes, double CpuSeconds, long WriteBytes)
    {
        private static readonly double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux

        public static ProcessStats Read(int pid)
        {
            string status = File.ReadAllText("/proc/" + pid + "/status");
            long hwm = long.Parse(status.Split('\n').First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            string[] stat = File.ReadAllText("/proc/" + pid + "/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double cpu = (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            long written = long.Parse(File.ReadAllLines("/proc/" + pid + "/io").First(l => l.StartsWith("write_bytes:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return new ProcessStats(hwm, cpu, written);
        }

        /// <summary>This process and its children (Node-RED runs as node under a shell-less start, so one pid suffices).</summary>
        public ProcessStats Since(ProcessStats start) => new ProcessStats(PeakRssBytes, CpuSeconds - start.CpuSeconds, WriteBytes - start.WriteBytes);
    }
}
