using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Smile.Nodectl
{
    /// <summary>The tables of hardware/power-budget.md, computed (nodectl battery --markdown), never typed by hand.</summary>
    public static class BudgetMarkdown
    {
        /// <summary>The node issue 16 sets the goal for: PIR + BME280 on a Wio-E5, the default intervals.</summary>
        public static readonly NodeProfile DefaultNode = new();

        public static void Write(PowerModel model, TextWriter output)
        {
            NodeProfile before = DefaultNode with { LightSleepThroughWindows = false };
            output.WriteLine("### Per wake, as the simulated cycle spent it (" + BatteryCommand.Title(DefaultNode) + ")");
            output.WriteLine();
            PerWake(model, before, DefaultNode, output);
            output.WriteLine();
            output.WriteLine("### Per day, before and after");
            output.WriteLine();
            PerDay(model.Compute(before), model.Compute(DefaultNode), output);
            output.WriteLine();
            output.WriteLine("### Battery life");
            output.WriteLine();
            Life(model, output);
            output.WriteLine();
            output.WriteLine("### How the default node's 2×AA life moves with what is not measured yet");
            output.WriteLine();
            Sensitivity(model, output);
            output.WriteLine();
            Goal(model.Compute(DefaultNode), output);
        }

        private static void PerWake(PowerModel model, NodeProfile before, NodeProfile after, TextWriter output)
        {
            string awake = PowerModel.Scenario(before.Transport, before.Modem, before.SpreadingFactor, false);
            string napping = PowerModel.Scenario(after.Transport, after.Modem, after.SpreadingFactor, true);
            output.WriteLine("| phase (ms) | sample wake | send wake, before | send wake, after | join wake, after |");
            output.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (string phase in PhaseTable.Esp32Phases.Concat(PhaseTable.RadioPhases))
            {
                output.WriteLine("| " + phase + " | " + Ms(model.Table.Ms(napping, "sample", phase)) + " | " + Ms(model.Table.Ms(awake, "send", phase))
                    + " | " + Ms(model.Table.Ms(napping, "send", phase)) + " | " + Ms(model.Table.Ms(napping, "first", phase)) + " |");
            }

            output.WriteLine("| + boot to Main (estimate) | " + Ms(model.BootMs) + " | " + Ms(model.BootMs) + " | " + Ms(model.BootMs) + " | " + Ms(model.BootMs) + " |");
            output.WriteLine("| + config, state and flash (estimate) | " + Ms(model.CycleCpuMs) + " | " + Ms(model.CycleCpuMs) + " | " + Ms(model.CycleCpuMs) + " | " + Ms(model.CycleCpuMs) + " |");
        }

        private static void PerDay(Budget before, Budget after, TextWriter output)
        {
            output.WriteLine("| part | time from | current | before: s/day | before: mA·s/day | after: s/day | after: mA·s/day |");
            output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
            for (int i = 0; i < after.Lines.Count; i++)
            {
                BudgetLine b = before.Lines[i];
                BudgetLine a = after.Lines[i];
                output.WriteLine("| " + a.Part + " | " + a.Source + " | " + Current(a.Milliamps) + " | " + Fixed(b.MsPerDay / 1000, 1) + " | " + Fixed(b.MilliampSecondsPerDay, 0)
                    + " | " + Fixed(a.MsPerDay / 1000, 1) + " | " + Fixed(a.MilliampSecondsPerDay, 0) + " |");
            }

            output.WriteLine("| **average** | | | | **" + Fixed(before.AverageMilliamps, 3) + " mA** | | **" + Fixed(after.AverageMilliamps, 3) + " mA** |");
        }

        private static void Life(PowerModel model, TextWriter output)
        {
            var rows = new List<(string, NodeProfile)>
            {
                ("LoRaWAN SF7, an uplink every 5-minute wake, awake through RX (the old table's premise)", DefaultNode with { SpreadingFactor = 7, SendIntervalSeconds = 300, LightSleepThroughWindows = false }),
                ("LoRaWAN SF7, before", DefaultNode with { SpreadingFactor = 7, LightSleepThroughWindows = false }),
                ("LoRaWAN SF7, after", DefaultNode with { SpreadingFactor = 7 }),
                ("LoRaWAN SF9, before", DefaultNode with { LightSleepThroughWindows = false }),
                ("LoRaWAN SF9, after (the default node)", DefaultNode),
                ("LoRaWAN SF12, after", DefaultNode with { SpreadingFactor = 12 }),
                ("LoRaWAN SF9 on a RAK3172, after", DefaultNode with { Modem = "rak3172" }),
                ("Wi-Fi (MQTT, TLS)", DefaultNode with { Transport = "wifi", Modem = "" }),
                ("LoRaWAN SF9 with an LD2410 radar", DefaultNode with { Radar = true }),
            };
            output.WriteLine("| node (PIR + BME280, sample 5 min, send 15 min unless said) | average current | " + BatteryCommand.Batteries[0].Name + " | " + BatteryCommand.Batteries[1].Name + " |");
            output.WriteLine("| --- | --- | --- | --- |");
            foreach ((string name, NodeProfile node) in rows)
            {
                double ma = model.Compute(node).AverageMilliamps;
                output.WriteLine("| " + name + " | " + Fixed(ma, 3) + " mA | " + Life(BatteryCommand.Batteries[0], ma) + " | " + Life(BatteryCommand.Batteries[1], ma) + " |");
            }

            var (aa, cell) = (BatteryCommand.Batteries[0], BatteryCommand.Batteries[1]);
            output.WriteLine();
            output.WriteLine("What a battery gives the node (estimates, not measured): " + aa.Name + " " + Fixed(aa.CapacityMah, 0) + " mAh rated, "
                + Fixed(aa.Usable * 100, 0) + " % of it usable: the cells feed the 3.3 V rail directly (3.2 V fresh, no room for a regulator) down to 2.3 V (1.15 V a cell), the ESP32 chip's"
                + " lowest supply in its datasheet; the module's flash and the brown-out detector may stop the node earlier, which"
                + " leaves less (first-board checklist §7a: note the voltage where resets start). " + cell.Name + " " + Fixed(cell.CapacityMah, 0)
                + " mAh, " + Fixed(cell.Usable * 100, 0) + " % usable down to the protection circuit's cut-off behind a low-dropout regulator.");
        }

        private static void Sensitivity(PowerModel model, TextWriter output)
        {
            output.WriteLine("| change to the default node | 2×AA alkaline |");
            output.WriteLine("| --- | --- |");
            foreach (double boot in new[] { 300.0, 500, 1000, 1500 })
            {
                Row("boot to Main " + Ms(boot) + " ms" + (boot == model.BootMs ? " (the model's estimate)" : ""), new PowerModel { BootMs = boot, Table = model.Table }, DefaultNode);
            }

            Row("no PIR edge wakes (a PIR that only counts at the regular wakes)", model, DefaultNode with { PirEdgesPerDay = 0 });
            Row("400 PIR edge wakes a day (a busy room)", model, DefaultNode with { PirEdgesPerDay = 400 });
            Row("send every 30 min", model, DefaultNode with { SendIntervalSeconds = 1800 });
            Row("sample every 10 min, send every 30 min", model, DefaultNode with { SampleIntervalSeconds = 600, SendIntervalSeconds = 1800 });
            Row("sample every 15 min, send every 30 min", model, DefaultNode with { SampleIntervalSeconds = 900, SendIntervalSeconds = 1800 });
            Row("sample every 15 min, send every 30 min, boot 500 ms", new PowerModel { BootMs = 500, Table = model.Table }, DefaultNode with { SampleIntervalSeconds = 900, SendIntervalSeconds = 1800 });

            void Row(string change, PowerModel m, NodeProfile node) =>
                output.WriteLine("| " + change + " | " + Life(BatteryCommand.Batteries[0], m.Compute(node).AverageMilliamps) + " |");
        }

        private static void Goal(Budget budget, TextWriter output)
        {
            double days = BatteryCommand.Days(BatteryCommand.Batteries[0], budget.AverageMilliamps);
            double total = budget.AverageMilliamps * 86400;
            var top = budget.Lines.OrderByDescending(l => l.MilliampSecondsPerDay).Take(3)
                .Select(l => l.Part + " " + Fixed(100 * l.MilliampSecondsPerDay / total, 0) + " %");
            output.WriteLine(days >= BatteryCommand.GoalDays
                ? "**Goal met:** the default node lasts " + Fixed(Math.Floor(days), 0) + " days on 2×AA (goal " + Fixed(BatteryCommand.GoalDays, 0) + ")."
                : "**Goal missed:** the default node lasts " + Fixed(Math.Floor(days), 0) + " days on 2×AA, " + Fixed(Math.Ceiling(BatteryCommand.GoalDays - days), 0)
                    + " days (" + Fixed(100 * (1 - days / BatteryCommand.GoalDays), 0) + " %) short of " + Fixed(BatteryCommand.GoalDays, 0) + ".");
            output.WriteLine("Largest parts of its day: " + string.Join(", ", top) + ".");
        }

        private static string Life((string Name, double CapacityMah, double Usable) battery, double ma)
        {
            double days = BatteryCommand.Days(battery, ma);
            return days < 10 ? Fixed(days * 24, 0) + " hours" : Fixed(Math.Floor(days), 0) + " days (" + Fixed(days / 365, 1) + " y)";
        }

        private static string Current(double ma) => ma < 1 ? Fixed(ma * 1000, 1) + " µA" : Fixed(ma, 1) + " mA";

        private static string Ms(double ms) => Fixed(ms, 0);

        private static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
