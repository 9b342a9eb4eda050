using System;
using System.Globalization;
using System.IO;

namespace Smile.Nodectl
{
    /// <summary>A budget as plain text for the terminal: one line per part, then the battery life.</summary>
    public static class BudgetText
    {
        public static void Breakdown(Budget budget, TextWriter output)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-38} {1,-21} {2,12} {3,9} {4,12} {5,6}", "part", "time from", "s/day", "mA", "mA·s/day", "share"));
            double total = budget.AverageMilliamps * 86400;
            foreach (BudgetLine line in budget.Lines)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-38} {1,-21} {2,12:0.0} {3,9:0.####} {4,12:0.0} {5,5:0}%",
                    line.Part, line.Source, line.MsPerDay / 1000, line.Milliamps, line.MilliampSecondsPerDay, 100 * line.MilliampSecondsPerDay / total));
            }

            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:0.0} wakes and {1:0.0} uplinks a day; average {2:0.000} mA",
                budget.WakesPerDay, budget.UplinksPerDay, budget.AverageMilliamps));
        }

        public static void Life(Budget budget, TextWriter output)
        {
            foreach (var battery in BatteryCommand.Batteries)
            {
                double days = BatteryCommand.Days(battery, budget.AverageMilliamps);
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} ({1:0} mAh, {2:0} % usable): {3:0} days ({4:0.0} years)",
                    battery.Name, battery.CapacityMah, battery.Usable * 100, Math.Floor(days), days / 365));
            }
        }
    }
}
