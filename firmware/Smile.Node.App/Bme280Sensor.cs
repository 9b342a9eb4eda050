using System.Device.Adc;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// The BME280 through nanoFramework's Bmxx80 binding, one forced measurement per wake (oversampling ×1: the
    /// sensor's own accuracy, not more current), and the battery through a 1:2 divider on an ADC1 pin. nanoFramework
    /// reads the ESP32's ADC raw at 12 dB attenuation without calibration (nf-interpreter System.Device.Adc): code
    /// 4095 is 3.1 to 3.3 V depending on the chip, linear from 150 to 2450 mV at the pin. The divider keeps 2×AA
    /// (up to 3.2 V) and a Li-ion cell (4.2 V) in that range; the node's calibration factor takes out the chip's
    /// spread (hardware/power-budget.md, "Battery reading").
    /// </summary>
    public sealed class Bme280Sensor : IEnvironmentSensor
    {
        private const double AdcFullScaleVolts = 3.3;
        private const double DividerRatio = 2.0;
        private readonly Bme280? _bme;
        private readonly AdcChannel? _battery;
        private readonly double _calibration;

        /// <param name="bme">null when no BME280 answered at start: then only the battery is measured.</param>
        /// <param name="calibrationPermille">measured ÷ reported battery voltage × 1000 (NodeConfig.BatteryCalibrationPermille).</param>
        public Bme280Sensor(Bme280? bme, AdcChannel? battery, int calibrationPermille)
        {
            _bme = bme;
            _battery = battery;
            _calibration = calibrationPermille / 1000.0;
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
                sample.SetValue(Fields.Battery, _battery.ReadRatio() * AdcFullScaleVolts * DividerRatio * _calibration);
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
