using System;
using Smile.Nodectl;

namespace Smile.Simulation.World
{
    /// <summary>
    /// A node's battery: its capacity and usable share from nodectl's battery table (hardware/power-budget.md) and
    /// its voltage as a function of the usable charge left. Curves at the node's small average current, read off
    /// typical discharge curves: an alkaline AA (Energizer E91 datasheet, 25 mA) falls steadily from 1.6 to about
    /// 1.2 V, where 70 % of its charge is used and the ESP32's supply gives up; a Li-ion 18650 (0.2 C) sits near
    /// 3.7 to 3.9 V for most of its charge and drops off at the end.
    /// </summary>
    public sealed class BatteryCell
    {
        public static readonly BatteryCell TwoAaAlkaline = new BatteryCell(BatteryCommand.Batteries[0],
            new[] { 2.40, 2.46, 2.52, 2.58, 2.64, 2.70, 2.76, 2.84, 2.92, 3.04, 3.20 });

        public static readonly BatteryCell LiIon18650 = new BatteryCell(BatteryCommand.Batteries[1],
            new[] { 3.30, 3.60, 3.70, 3.75, 3.79, 3.82, 3.87, 3.92, 3.98, 4.06, 4.20 });

        // Volts at 0 %, 10 %, … 100 % of the usable charge.
        private readonly double[] _volts;

        private BatteryCell((string Name, double CapacityMah, double Usable) battery, double[] volts)
        {
            Name = battery.Name;
            UsableMah = battery.CapacityMah * battery.Usable;
            _volts = volts;
        }

        public string Name { get; }

        /// <summary>The charge the node can use before its supply gives up.</summary>
        public double UsableMah { get; }

        /// <param name="charge">share of the usable charge left, 0 to 1.</param>
        public double Volts(double charge)
        {
            double x = Math.Clamp(charge, 0, 1) * (_volts.Length - 1);
            int i = Math.Min((int)x, _volts.Length - 2);
            return _volts[i] + (_volts[i + 1] - _volts[i]) * (x - i);
        }
    }
}
