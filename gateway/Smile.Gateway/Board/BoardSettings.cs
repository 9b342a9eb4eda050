using System.Collections.Generic;
using Smile.Frames;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The Smile Place's own hardware (Smile:Board): an optional BME280 on the Pi's I2C bus, an optional status LED on a
    /// GPIO pin, and the files the Pi's kernel reports its CPU temperature and power in. Every part is off by default:
    /// a gateway on a PC, or a Pi without the parts, has nothing to configure.
    /// </summary>
    public sealed class BoardSettings
    {
        public Bme280Settings Bme280 { get; set; } = new Bme280Settings();

        public StatusLedSettings StatusLed { get; set; } = new StatusLedSettings();

        /// <summary>The SoC's temperature in millidegrees Celsius ("48312\n"), from the kernel's thermal framework. A missing file (not a Pi) means none.</summary>
        public string CpuTemperaturePath { get; set; } = "/sys/class/thermal/thermal_zone0/temp";

        /// <summary>
        /// The firmware's throttling flags as hex without 0x ("50005\n"): raspberrypi/linux drivers/firmware/raspberrypi.c,
        /// get_throttled_show, on the firmware device soc:firmware. The path is that of the Pi 3 and 4 device trees; on a Pi 5
        /// the firmware node may sit elsewhere (not checked on one): set the path, or leave it, and the flags are absent.
        /// The kernel marks the file deprecated with a one-time warning in its log at the first read after boot; its
        /// replacement, hwmon's in0_lcrit_alarm, carries the under-voltage bit only, not the other seven.
        /// </summary>
        public string ThrottledPath { get; set; } = "/sys/devices/platform/soc/soc:firmware/get_throttled";

        /// <summary>Which rule each setting breaks, as (key under Smile:, why); gatewayId becomes the sensor's node id.</summary>
        public IEnumerable<(string Key, string Why)> Problems(string gatewayId)
        {
            if (Bme280.Enabled)
            {
                if (NodeIds.WifiProblem(gatewayId) is string problem)
                {
                    yield return ("Gateway:Id", "is the node id of the BME280's readings (Board:Bme280:Enabled) and " + problem + " (is '" + gatewayId + "')");
                }

                if (Bme280.I2cBus is < 0 or > 31)
                {
                    yield return ("Board:Bme280:I2cBus", "must be the number of an I2C bus, 0..31 (/dev/i2c-N; the Pi's header pins 3 and 5 are bus 1), is " + Bme280.I2cBus);
                }

                if (Bme280.Address is not (0x76 or 0x77))
                {
                    yield return ("Board:Bme280:Address", "must be 118 (0x76, SDO to ground) or 119 (0x77, SDO to 3.3 V), the BME280's two addresses; is " + Bme280.Address);
                }

                if (Bme280.IntervalSeconds is < 10 or > 86400)
                {
                    yield return ("Board:Bme280:IntervalSeconds", "must be 10..86400, is " + Bme280.IntervalSeconds);
                }
            }

            if (StatusLed.Enabled && StatusLed.GpioPin is < 2 or > 27)
            {
                // BCM numbering: the header carries GPIO 0..27, and 0 and 1 belong to the HAT EEPROM's I2C bus.
                yield return ("Board:StatusLed:GpioPin", "must be a GPIO number of 2..27 (BCM numbering, not the header's pin number), is " + StatusLed.GpioPin);
            }
            else if (StatusLed.Enabled && Bme280.Enabled && Bme280.I2cBus == 1 && StatusLed.GpioPin is 2 or 3)
            {
                yield return ("Board:StatusLed:GpioPin", "is " + StatusLed.GpioPin + ", a line of I2C bus 1, which the BME280 uses (Board:Bme280:I2cBus)");
            }
        }
    }

    public sealed class Bme280Settings
    {
        public bool Enabled { get; set; }

        /// <summary>/dev/i2c-N; the Pi's header pins 3 (SDA) and 5 (SCL) are bus 1.</summary>
        public int I2cBus { get; set; } = 1;

        /// <summary>0x76 with SDO to ground (most breakout boards), 0x77 with SDO to 3.3 V.</summary>
        public int Address { get; set; } = 0x76;

        /// <summary>Seconds between readings; each is one forced measurement, so the sensor sleeps in between and does not warm itself.</summary>
        public int IntervalSeconds { get; set; } = 300;
    }

    public sealed class StatusLedSettings
    {
        public bool Enabled { get; set; }

        /// <summary>The LED's GPIO in BCM numbering (GPIO 17 is header pin 11).</summary>
        public int GpioPin { get; set; } = 17;
    }
}
