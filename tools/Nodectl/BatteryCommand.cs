using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using Smile.Node;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl battery: a node's energy per phase and its battery life, from the firmware cycle's simulated phase
    /// times (PowerModel). --config: the node's own configuration; --markdown: the tables of hardware/power-budget.md.
    /// </summary>
    public static class BatteryCommand
    {
        public static readonly (string Name, double CapacityMah, double Usable)[] Batteries =
        {
            ("2×AA alkaline", 2500, 0.7),
            ("18650 Li-ion", 3000, 0.85),
        };

        /// <summary>Issue 16's goal for the default LoRaWAN node on 2×AA.</summary>
        public const double GoalDays = 730;

        public static Command Create()
        {
            var config = new Option<FileInfo?>("--config") { Description = "a provisioned node's config.json: its breakdown and battery life" };
            var sf = new Option<int>("--sf") { Description = "spreading factor the network settles on (LoRaWAN), 7 to 12", DefaultValueFactory = _ => 9 };
            var markdown = new Option<bool>("--markdown") { Description = "print the tables of hardware/power-budget.md" };
            var command = new Command("battery", "energy per phase and battery life of a node") { config, sf, markdown };
            command.SetAction(parse => parse.GetValue(markdown)
                ? Markdown(Console.Out)
                : Run(parse.GetValue(config), parse.GetValue(sf), Console.Out, Console.Error));
            return command;
        }

        /// <summary>The breakdown for a node: its config file, or the default configuration without one.</summary>
        public static int Run(FileInfo? configFile, int spreadingFactor, TextWriter output, TextWriter error)
        {
            var config = new NodeConfig();
            if (configFile != null)
            {
                string[] problems = NodeConfigReader.Read(File.ReadAllText(configFile.FullName), config);
                if (problems.Length > 0)
                {
                    error.WriteLine("nodectl battery: " + configFile.Name + ": " + string.Join("; ", problems));
                    return 2;
                }
            }

            if (spreadingFactor is < 7 or > 12)
            {
                error.WriteLine("nodectl battery: --sf must be 7 to 12");
                return 2;
            }

            Budget budget = new PowerModel().Compute(NodeProfile.From(config, spreadingFactor));
            output.WriteLine(Title(budget.Node));
            BudgetText.Breakdown(budget, output);
            output.WriteLine();
            BudgetText.Life(budget, output);
            return 0;
        }

        public static string Title(NodeProfile node) =>
            (node.Transport == "wifi" ? "Wi-Fi (MQTT, TLS)" : "LoRaWAN " + node.Modem + " SF" + node.SpreadingFactor)
            + ", sample every " + Minutes(node.SampleIntervalSeconds) + ", send every " + Minutes(node.SendIntervalSeconds)
            + (node.Pir ? ", PIR" : "") + (node.Radar ? ", LD2410" : "");

        private static string Minutes(int seconds) =>
            seconds % 60 == 0 ? (seconds / 60).ToString(CultureInfo.InvariantCulture) + " min" : seconds.ToString(CultureInfo.InvariantCulture) + " s";

        /// <summary>The generated part of hardware/power-budget.md.</summary>
        public static int Markdown(TextWriter output)
        {
            BudgetMarkdown.Write(new PowerModel(), output);
            return 0;
        }

        public static double Days((string Name, double CapacityMah, double Usable) battery, double milliamps) =>
            PowerModel.Days(battery.CapacityMah, battery.Usable, milliamps);
    }
}
