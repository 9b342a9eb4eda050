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

        /// <summary>
        /// A forced measurement at oversampling ×1 for temperature, pressure and humidity (Bme280Sensor's
        /// UltraLowPower): t_measure,max = 1.25 + 2.3·1 + (2.3·1 + 0.575) + (2.3·1 + 0.575) = 9.3 ms (Bosch BME280
        /// datasheet, §9.1 and appendix B "Measurement time"), rounded up to whole milliseconds.
        /// </summary>
        public const int Bme280MeasureMs = 10;

        public void Measure(Sample sample)
        {
            _reads++;
            _clock.Spend(Bme280MeasureMs, NodePhase.Sensor);
            sample.SetValue(Fields.Temperature, 18.0 + (_reads % 20) * 0.05);
            sample.SetValue(Fields.Humidity, 55.0);
            sample.SetValue(Fields.Pressure, 1012.3);
            sample.SetValue(Fields.Battery, 3.9);
        }
    }
}
