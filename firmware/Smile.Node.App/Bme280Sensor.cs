using System;
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
        /// <param name="battery">The ADC1 channel behind the battery's 1:2 divider; null: the battery is not measured.</param>
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

        /// <summary>
        /// The binding marks a reading valid unless its channel is skipped, even when the chip stopped answering and it
        /// compensated zeros (about -141 °C). Outside the BME280's operating range (-40 to 85 °C, 300 to 1100 hPa,
        /// datasheet §1) the reading is not the air's: a bad temperature spoils all three, since humidity and
        /// pressure are compensated with it.
        /// </summary>
        private static void MeasureEnvironment(Sample sample, Bme280ReadResult result)
        {
            double celsius = result.Temperature.DegreesCelsius;
            if (result.TemperatureIsValid && (celsius < -40 || celsius > 85))
            {
                Console.WriteLine("smile-node: BME280 read " + celsius.ToString("F1") + " degC: not answering, reading dropped");
                return;
            }

            if (result.PressureIsValid && (result.Pressure.Hectopascals < 300 || result.Pressure.Hectopascals > 1100))
            {
                Console.WriteLine("smile-node: BME280 pressure out of range, dropped");
                result = new Bme280ReadResult(result.Temperature, result.TemperatureIsValid, result.Pressure, false, result.Humidity, result.HumidityIsValid);
            }

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
