using System;
using System.IO;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// What the gateway process takes of the Pi: resident memory, the managed heap, CPU time and writes to storage. On a
    /// gateway nobody watches, a resident set that climbs week after week is how a leak shows before the kernel's
    /// out-of-memory killer ends it.
    /// </summary>
    internal static class ProcessResources
    {
        /// <summary>The resident set in bytes (Linux /proc/self/statm: its second field, in pages), or null where unknown.</summary>
        public static long? ResidentBytes()
        {
            try
            {
                string[] fields = File.ReadAllText("/proc/self/statm").Split(' ', 3);
                return fields.Length >= 2 && long.TryParse(fields[1], out long pages) ? pages * Environment.SystemPageSize : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not Linux, or /proc unavailable.
                return null;
            }
        }

        /// <summary>Bytes this process caused to be written to storage (Linux /proc/self/io), or -1 where unknown.</summary>
        public static long BytesWritten()
        {
            try
            {
                foreach (string line in File.ReadLines("/proc/self/io"))
                {
                    if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.AsSpan(12).Trim());
                    }
                }
            }
            catch (IOException)
            {
                // Not Linux, or /proc unavailable.
            }

            return -1;
        }

        /// <summary>
        /// The bytes of .NET objects on the heap now, dead ones not yet collected included (in any generation, until
        /// its collection); the gaps between objects are not counted.
        /// </summary>
        public static long ManagedHeapBytes() => GC.GetTotalMemory(forceFullCollection: false);

        /// <summary>User and system CPU time of the whole process since it started (getrusage).</summary>
        public static double CpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;
    }
}
