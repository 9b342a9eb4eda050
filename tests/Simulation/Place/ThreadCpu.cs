using System;
using System.Globalization;
using System.IO;

namespace Smile.Simulation.Place
{
    /// <summary>CPU time of one thread of this process, from /proc (Linux): the benchmark reports what its load generator used.</summary>
    public static class ThreadCpu
    {
        /// <summary>sysconf(_SC_CLK_TCK) on Linux.</summary>
        public const double TicksPerSecond = 100;

        /// <summary>The kernel's id of the calling thread (/proc/thread-self links to "{pid}/task/{tid}").</summary>
        public static int CurrentTid()
        {
            string? target = new FileInfo("/proc/thread-self").LinkTarget;
            return target == null ? 0 : int.Parse(target[(target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        }

        /// <summary>User and system clock ticks the thread used; 0 for no thread (or one that has ended).</summary>
        public static long Ticks(int tid)
        {
            try
            {
                string[] stat = File.ReadAllText("/proc/self/task/" + tid + "/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }
}
