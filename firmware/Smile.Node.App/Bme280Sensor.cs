using System.Device.Adc;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// The BME280 through nanoFramework's Bmxx80 binding, one forced measurement per wake (oversampling ×1: the
    /// sensor's own accuracy, not more current), and the battery through a 1:2 divider on an ADC1 pin.
    /// </summary>
    public sealed class Bme280Sensor : IEnvironmentSensor
    {
        private const double AdcFullScaleVolts = 3.3;
        private const double DividerRatio = 2.0;
        private readonly Bme280? _bme;
        private readonly AdcChannel? _battery;

        /// <param name="bme">null when no BME280 answered at start: then only the battery is measured.</param>
        public Bme280Sensor(Bme280? bme, AdcChannel? battery)
        {
            _bme = bme;
            _battery = battery;
            if (_bme != null)
            {
                _bme.TemperatureSampling = Sampling.UltraLowPower;
                _bme.PressureSampling = Sampling.UltraLowPower;
                _bme.HumiditySampling = Sampling.UltraLowPower;
            }
        }

        public void Measure(Sample sample)
        {
            if (_bme != null)
            {
                MeasureEnvironment(sample, _bme.Read());
            }

            if (_battery != null)
            {
                sample.SetValue(Fields.Battery, _battery.ReadRatio() * AdcFullScaleVolts * DividerRatio);
            }
        }

        private static void MeasureEnvironment(Sample sample, Bme280ReadResult result)
        {
            if (result.TemperatureIsValid)
            {
                sample.SetValue(Fields.Temperature, result.Temperature.DegreesCelsius);
            }

            if (result.HumidityIsValid)
            {
                sample.SetValue(Fields.Humidity, result.Humidity.Percent);
            }

            if (result.PressureIsValid)
            {
                sample.SetValue(Fields.Pressure, result.Pressure.Hectopascals);
            }
        }
    }
}
