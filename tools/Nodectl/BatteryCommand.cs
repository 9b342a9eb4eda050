using System;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace Smile.Nodectl
{
    /// <summary>nodectl battery: the power budget of hardware/power-budget.md, computed, never typed by hand.</summary>
    public static class BatteryCommand
    {
        public static readonly (string Name, double CapacityMah, double Usable)[] Batteries =
        {
            ("2×AA alkaline", 2500, 0.7),
            ("18650 Li-ion", 3000, 0.85),
        };

        public static Command Create()
        {
            var markdown = new Option<bool>("--markdown") { Description = "print the table of hardware/power-budget.md" };
            var command = new Command("battery", "battery life of a node at 1-, 5- and 15-minute intervals") { markdown };
            command.SetAction(parse => Run(parse.GetValue(markdown), Console.Out));
            return command;
        }

        public static int Run(bool markdown, TextWriter output)
        {
            var model = new PowerModel();
            const int payload = 10; // the standard frame
            output.WriteLine(markdown ? "| transport | interval | average current | " + Batteries[0].Name + " | " + Batteries[1].Name + " |" : "transport, interval, mA, days per battery");
            if (markdown)
            {
                output.WriteLine("| --- | --- | --- | --- | --- |");
            }

            foreach (var (transport, sf) in new[] { ("lorawan", 7), ("lorawan", 12), ("wifi", 0) })
            {
                foreach (int minutes in new[] { 1, 5, 15 })
                {
                    double ma = model.AverageMilliamps(transport, minutes * 60, payload, sf);
                    string name = transport == "wifi" ? "Wi-Fi (MQTT, TLS)" : "LoRaWAN SF" + sf;
                    string days0 = Days(Batteries[0], ma);
                    string days1 = Days(Batteries[1], ma);
                    output.WriteLine(markdown
                        ? "| " + name + " | " + minutes + " min | " + ma.ToString("0.000", CultureInfo.InvariantCulture) + " mA | " + days0 + " | " + days1 + " |"
                        : name + ", " + minutes + " min, " + ma.ToString("0.000", CultureInfo.InvariantCulture) + ", " + days0 + ", " + days1);
                }
            }

            return 0;
        }

        private static string Days((string Name, double CapacityMah, double Usable) battery, double ma) =>
            Math.Round(PowerModel.Days(battery.CapacityMah, battery.Usable, ma)).ToString(CultureInfo.InvariantCulture) + " days";
    }
}
