using Smile.Nodectl;

namespace Smile.Simulation.World
{
    /// <summary>
    /// A node's average current from nodectl's power model (tools/Nodectl/PowerModel.cs), for the way the fleet's
    /// firmware runs: a wake every sample interval, an uplink every send interval. The model prices a wake with an
    /// uplink; the sampling wakes between uplinks add the boot and measurement (WakeSeconds at CpuMilliamps) instead
    /// of that much sleep.
    /// </summary>
    public static class BatteryDrain
    {
        /// <summary>The standard frame, as nodectl battery assumes.</summary>
        public const int PayloadBytes = 10;

        public static double AverageMilliamps(string transport, int sampleIntervalSeconds, int sendIntervalSeconds, int spreadingFactor)
        {
            var model = new PowerModel();
            double perUplink = model.AverageMilliamps(transport, sendIntervalSeconds, PayloadBytes, spreadingFactor);
            int samplingWakes = sendIntervalSeconds / sampleIntervalSeconds - 1;
            double samplingCharge = samplingWakes * model.WakeSeconds * (model.CpuMilliamps - model.SleepMilliamps);
            return perUplink + samplingCharge / sendIntervalSeconds;
        }
    }
}
