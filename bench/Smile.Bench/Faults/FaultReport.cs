using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Smile.Bench.Faults
{
    /// <summary>bench/results/faults.json and faults.md.</summary>
    public static class FaultReport
    {
        /// <param name="folder">Where the two files go (bench/results).</param>
        /// <param name="results">One row per scenario and system.</param>
        /// <param name="environment">The machine and versions the run measured, written with the results.</param>
        /// <param name="partial">Only some scenarios ran: the earlier results file keeps the rows of the others.</param>
        public static void Write(string folder, List<FaultResult> results, Dictionary<string, string> environment, bool partial)
        {
            Directory.CreateDirectory(folder);
            string file = Path.Combine(folder, "faults.json");
            if (partial && File.Exists(file))
            {
                var earlier = JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("results").Deserialize<List<FaultResult>>()!;
                string Kind(string scenario) => scenario.Split(' ')[0] + " " + scenario.Split(' ')[1];
                List<FaultResult> fresh = results;
                results = earlier.Select(e => fresh.FirstOrDefault(r => Kind(r.Scenario) == Kind(e.Scenario) && r.System == e.System) ?? e)
                    .Concat(fresh.Where(r => !earlier.Any(e => Kind(r.Scenario) == Kind(e.Scenario) && r.System == e.System))).ToList();
            }

            File.WriteAllText(Path.Combine(folder, "faults.json"), JsonSerializer.Serialize(new { environment, results }, new JsonSerializerOptions { WriteIndented = true }));
            var md = new StringBuilder("Measured " + environment["date"] + " on " + environment["machine"] + ".\n\n");
            md.Append("| scenario | system | sent | acknowledged | arrived | lost | duplicates without shared id | dropped by policy | note |\n");
            md.Append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            foreach (FaultResult r in results)
            {
                md.Append("| ").Append(r.Scenario).Append(" | ").Append(r.System).Append(" | ").Append(r.Sent).Append(" | ").Append(r.Acknowledged)
                  .Append(" | ").Append(r.Arrived).Append(" | ").Append(r.Lost).Append(" | ").Append(r.DuplicatesWithoutSharedId)
                  .Append(" | ").Append(r.DroppedByPolicy).Append(" | ").Append(r.Note).Append(" |\n");
            }

            md.Append("\nEnvironment: ").Append(string.Join("; ", environment.Select(e => e.Key + " " + e.Value))).Append(".\n");
            File.WriteAllText(Path.Combine(folder, "faults.md"), md.ToString());
            System.Console.WriteLine(md);
        }
    }
}
