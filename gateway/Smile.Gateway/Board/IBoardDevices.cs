using System.Device.Gpio;
using System.Device.I2c;

namespace Smile.Gateway.Board
{
    /// <summary>Opens the Pi's buses: the real ones in the service (<see cref="PiBoardDevices"/>), simulated ones in the tests.</summary>
    public interface IBoardDevices
    {
        /// <summary>The device at an address of /dev/i2c-N; opening the bus file fails with an IOException when I2C is not enabled.</summary>
        I2cDevice OpenI2c(int bus, int address);

        GpioController OpenGpio();
    }
}
