using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Smile.Simulation.Place;

namespace Smile.Bench
{
    /// <summary>What the figures were measured on.</summary>
    public static class Machine
    {
        public static Dictionary<string, string> Describe()
        {
            string cpu = File.ReadAllLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            long memory = long.Parse(File.ReadAllLines("/proc/meminfo")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
            return new Dictionary<string, string>
            {
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                ["machine"] = Environment.ProcessorCount + " cores (" + cpu + "), " + memory + " GiB",
                ["kernel"] = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
                [".NET"] = Environment.Version.ToString(),
                ["mosquitto"] = Try(() => ProcessRunner.Run("dpkg-query", "-W", "-f=${Version}", "mosquitto")),
                ["node"] = Try(() => ProcessRunner.Run("node", "--version").Trim()),
                ["node-red"] = Try(() => System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("bench", "node-red", "node_modules", "node-red", "package.json"))).RootElement.GetProperty("version").GetString()!),
            };
        }

        private static string Try(Func<string> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                return "unknown";
            }
        }
    }
}
