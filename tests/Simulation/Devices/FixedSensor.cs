using Smile.Frames;
using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>A BME280 reading that drifts a little each time, with the battery; it costs the forced-mode measurement time.</summary>
    public sealed class FixedSensor : IEnvironmentSensor
    {
        private readonly VirtualClock _clock;
        private int _reads;

        public FixedSensor(VirtualClock clock) => _clock = clock;

        public void Measure(Sample sample)
        {
            _reads++;
            _clock.Spend(10);
            sample.SetValue(Fields.Temperature, 18.0 + (_reads % 20) * 0.05);
            sample.SetValue(Fields.Humidity, 55.0);
            sample.SetValue(Fields.Pressure, 1012.3);
            sample.SetValue(Fields.Battery, 3.9);
        }
    }
}
