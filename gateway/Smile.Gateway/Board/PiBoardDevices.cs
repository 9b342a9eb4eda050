using System.Device.Gpio;
using System.Device.I2c;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// System.Device.Gpio's own choices: I2cDevice.Create opens /dev/i2c-N (UnixI2cDevice), and the parameterless
    /// GpioController picks the driver for the board it finds (Pi 3 and 4: /dev/gpiomem; Pi 5: libgpiod on the RP1 chip).
    /// </summary>
    public sealed class PiBoardDevices : IBoardDevices
    {
        public I2cDevice OpenI2c(int bus, int address) => I2cDevice.Create(new I2cConnectionSettings(bus, address));

        public GpioController OpenGpio() => new GpioController();
    }
}
