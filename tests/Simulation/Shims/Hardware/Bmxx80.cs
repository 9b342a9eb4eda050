using System;
using System.Device.I2c;
using System.IO;
using Smile.Simulation;
using UnitsNet;

namespace Iot.Device.Bmxx80
{
    public enum Sampling : byte
    {
        Skipped = 0b000,
        UltraLowPower = 0b001,
        LowPower = 0b010,
        Standard = 0b011,
        HighResolution = 0b100,
        UltraHighResolution = 0b101,
    }

    /// <summary>The binding's BME280 on a simulated bus: checks the chip id like the real constructor, measures in forced mode.</summary>
    public class Bme280 : IDisposable
    {
        public const byte DefaultI2cAddress = 0x77;
        public const byte SecondaryI2cAddress = 0x76;
        private readonly SimulatedBme280 _chip;

        public Bme280(I2cDevice i2cDevice)
        {
            var key = (i2cDevice.ConnectionSettings.BusId, i2cDevice.ConnectionSettings.DeviceAddress);
            // Bmxx80Base reads the chip id with WriteByte(0xD0) and ReadByte(); on a NACK nanoFramework's ReadByte returns
            // a stale byte, so an absent chip and a wrong one both end in IOException() without a message (research note b).
            if (!SimulatedBoard.I2cDevices.TryGetValue(key, out SimulatedBme280? chip) || chip.ChipId != 0x60)
            {
                throw new IOException();
            }

            _chip = chip;
        }

        public Sampling TemperatureSampling { get; set; }

        public Sampling PressureSampling { get; set; }

        public Sampling HumiditySampling { get; set; }

        /// <summary>
        /// A forced measurement. A channel is invalid only when its sampling is Skipped (Bmx280Base.TryRead*Core): a chip
        /// that stopped answering leaves the raw registers at 0, which the binding compensates into a reading marked
        /// valid — about -141 °C with typical calibration constants, humidity clamped to 0 % (review of Bmx280Base.cs,
        /// not measured); the pressure of that case is not derived here, 0 hPa stands for it.
        /// </summary>
        public Iot.Device.Bmxx80.ReadResult.Bme280ReadResult Read()
        {
            _chip.ForcedMeasurements++;
            bool lost = _chip.Failing;
            return new Iot.Device.Bmxx80.ReadResult.Bme280ReadResult(
                Temperature.FromDegreesCelsius(lost ? -141.0 : _chip.TemperatureC), TemperatureSampling != Sampling.Skipped,
                Pressure.FromHectopascals(lost ? 0 : _chip.PressureHpa), PressureSampling != Sampling.Skipped,
                RelativeHumidity.FromPercent(lost ? 0 : _chip.HumidityPercent), HumiditySampling != Sampling.Skipped);
        }

        public void Dispose()
        {
        }
    }
}

namespace Iot.Device.Bmxx80.ReadResult
{
    public class Bme280ReadResult
    {
        public Bme280ReadResult(Temperature temperature, bool temperatureIsValid, Pressure pressure, bool pressureIsValid, RelativeHumidity humidity, bool humidityIsValid)
        {
            Temperature = temperature;
            TemperatureIsValid = temperatureIsValid;
            Pressure = pressure;
            PressureIsValid = pressureIsValid;
            Humidity = humidity;
            HumidityIsValid = humidityIsValid;
        }

        public Temperature Temperature { get; }

        public bool TemperatureIsValid { get; }

        public Pressure Pressure { get; }

        public bool PressureIsValid { get; }

        public RelativeHumidity Humidity { get; }

        public bool HumidityIsValid { get; }
    }
}
