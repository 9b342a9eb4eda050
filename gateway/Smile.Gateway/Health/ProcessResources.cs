using System;
using System.IO;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// What the gateway process takes of the Pi: resident memory, the managed heap and CPU time. On a gateway nobody
    /// watches, a resident set that climbs week after week is how a leak shows before the kernel's out-of-memory killer
    /// ends it; the managed heap says whether the .NET objects grew or memory outside them.
    /// </summary>
    internal static class ProcessResources
    {
        /// <summary>The resident set in bytes (Linux /proc/self/statm: its second field, in pages), or -1 where unknown.</summary>
        public static long ResidentBytes()
        {
            try
            {
                string statm = File.ReadAllText("/proc/self/statm");
                string[] fields = statm.Split(' ', 3);
                return fields.Length >= 2 && long.TryParse(fields[1], out long pages) ? pages * Environment.SystemPageSize : -1;
            }
            catch (IOException)
            {
                // Not Linux, or /proc unavailable.
                return -1;
            }
        }

        /// <summary>
        /// The bytes of .NET objects on the heap now, garbage not yet collected included (at most the 6 MiB gen0 budget
        /// of it). The heap as the last collection left it would be steadier, but it reads 0 until the first one.
        /// </summary>
        public static long ManagedHeapBytes() => GC.GetTotalMemory(forceFullCollection: false);

        /// <summary>User and system CPU time since the process started.</summary>
        public static double CpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;
    }
}
