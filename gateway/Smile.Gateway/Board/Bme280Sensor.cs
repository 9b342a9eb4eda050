using System;
using System.Device.I2c;
using System.IO;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The BME280 on the Pi's I2C bus through Iot.Device.Bindings. The binding's defaults are Bosch's setting for
    /// weather monitoring (datasheet BST-BME280-DS002, 3.5.1: oversampling ×1 for each channel, filter off), and its
    /// Read() triggers one forced measurement when the chip is not in normal mode: the chip sleeps between readings
    /// and does not warm itself. A failed read closes the device; the next one opens it again (chip id, calibration),
    /// so a sensor that was unplugged or reset recovers without a restart.
    /// </summary>
    public sealed class Bme280Sensor : IDisposable
    {
        private readonly IBoardDevices _devices;
        private readonly Bme280Settings _settings;
        private Bme280? _chip;

        public Bme280Sensor(IBoardDevices devices, Bme280Settings settings)
        {
            _devices = devices;
            _settings = settings;
        }

        /// <summary>
        /// One reading. Throws IOException when the bus cannot be opened or the chip does not answer (UnixI2cBus: "Error
        /// 121 (Remote I/O error) performing I2C data transfer.") or is not a BME280 (the binding: "Unable to find a chip
        /// with id 96"), and <see cref="InvalidDataException"/> for a reading no BME280 can give.
        /// </summary>
        public OwnReading Read()
        {
            try
            {
                _chip ??= Open();
                Bme280ReadResult result = _chip.Read();
                if (result.Temperature is not { } temperature || result.Pressure is not { } pressure || result.Humidity is not { } humidity)
                {
                    throw new InvalidDataException("the BME280 returned no temperature, pressure or humidity");
                }

                var reading = new OwnReading(temperature.DegreesCelsius, humidity.Percent, pressure.Hectopascals);
                if (reading.Implausible() is string why)
                {
                    throw new InvalidDataException(why);
                }

                return reading;
            }
            catch
            {
                Close();
                throw;
            }
        }

        public void Dispose() => Close();

        private Bme280 Open()
        {
            I2cDevice device = _devices.OpenI2c(_settings.I2cBus, _settings.Address);
            try
            {
                return new Bme280(device);
            }
            catch
            {
                device.Dispose();
                throw;
            }
        }

        private void Close()
        {
            // Disposing the binding disposes its I2cDevice, which closes /dev/i2c-N.
            _chip?.Dispose();
            _chip = null;
        }
    }
}
