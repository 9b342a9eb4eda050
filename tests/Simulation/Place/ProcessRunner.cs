using System;
using System.Diagnostics;

namespace Smile.Simulation.Place
{
    /// <summary>Runs command line tools (kill, chromium, node, dpkg-deb…) for the simulation and the tests.</summary>
    public static class ProcessRunner
    {
        public static void Signal(int pid, string signal)
        {
            Run("kill", "-" + signal, pid.ToString());
        }

        /// <summary>Runs a command line tool to its end; throws with its error output when it fails.</summary>
        public static string Run(string tool, params string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(tool + " " + string.Join(" ", arguments) + " failed: " + error);
            }

            return output;
        }
    }
}
