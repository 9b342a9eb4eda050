using System;
using System.Collections.Generic;
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
                return ResidentBytesOf(File.ReadAllText("/proc/self/statm"), Environment.SystemPageSize);
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
                return WriteBytesOf(File.ReadLines("/proc/self/io"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not Linux, /proc unavailable, or (under some hardened kernels) the file refused to the process itself.
                return -1;
            }
        }

        /// <summary>
        /// The resident bytes in a statm text, or null if its second field is not a page count that fits: these figures
        /// feed /status and /metrics, which must answer even when the kernel's text is not what this code expects.
        /// </summary>
        internal static long? ResidentBytesOf(string statm, int pageSize)
        {
            string[] fields = statm.Split(' ', 3);
            return fields.Length >= 2 && long.TryParse(fields[1], out long pages) && pages >= 0 && pages <= long.MaxValue / pageSize
                ? pages * pageSize
                : null;
        }

        /// <summary>The write_bytes figure in the lines of /proc/&lt;pid&gt;/io, or -1 if it is missing or not a count that fits.</summary>
        internal static long WriteBytesOf(IEnumerable<string> lines)
        {
            foreach (string line in lines)
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                {
                    return long.TryParse(line.AsSpan(12).Trim(), out long bytes) && bytes >= 0 ? bytes : -1;
                }
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
