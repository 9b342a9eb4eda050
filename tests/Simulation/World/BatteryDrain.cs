using Smile.Nodectl;

namespace Smile.Simulation.World
{
    /// <summary>
    /// A node's average current from nodectl's power model (tools/Nodectl/PowerModel.cs), for the way the fleet's
    /// firmware runs: a wake every sample interval, an uplink every send interval, priced from the phase times of
    /// the simulated firmware cycle that nodectl embeds.
    /// </summary>
    public static class BatteryDrain
    {
        public static double AverageMilliamps(string transport, int sampleIntervalSeconds, int sendIntervalSeconds, int spreadingFactor)
        {
            var node = new NodeProfile
            {
                Transport = transport,
                SpreadingFactor = spreadingFactor,
                SampleIntervalSeconds = sampleIntervalSeconds,
                SendIntervalSeconds = sendIntervalSeconds,
            };
            return new PowerModel().Compute(node).AverageMilliamps;
        }
    }
}
