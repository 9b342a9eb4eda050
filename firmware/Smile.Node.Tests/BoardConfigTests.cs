using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>What each chip can do, checked before a node uses a config: wake pins, UARTs, sensor address, battery factor.</summary>
    [TestClass]
    public class BoardConfigTests
    {
        [TestMethod]
        public static void The_pir_must_sit_on_an_rtc_gpio_that_is_no_strapping_pin()
        {
            NodeConfig config = ConfigTests.LoRaConfig();

            config.PinPir = 23;
            Assert.AreEqual("PinPir must be -1 or an RTC GPIO of the esp32 that is no strapping pin (GPIO 4, 13, 14, 25 to 27, 32 to 39) (is '23')", NodeConfigValidator.Validate(config)[0]);
            config.PinPir = 0;
            Assert.AreEqual(1, NodeConfigValidator.Validate(config).Length, "GPIO 0 low at power-up starts the ROM download mode");
            config.PinPir = 12;
            Assert.AreEqual(1, NodeConfigValidator.Validate(config).Length, "GPIO 12 high at power-up selects 1.8 V flash");
            config.PinPir = 4;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
            config.PinPir = -1;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
            config.Board = "esp32-s3";
            config.PinBatteryAdc = 4;
            config.PinPir = 22;
            Assert.AreEqual(1, NodeConfigValidator.Validate(config).Length);
            config.PinPir = 21;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
        }

        [TestMethod]
        public static void An_esp32_c3_has_no_pin_wake_and_no_uart_for_a_radar_beside_a_modem()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.Board = "esp32-c3";
            config.PinBatteryAdc = 3;
            config.PinRadarRx = 4;
            config.PinRadarTx = 5;
            config.PinPir = 3;

            Assert.AreEqual("PinPir must be -1 on the esp32-c3: nanoFramework cannot wake it on a pin (Sleep.EnableWakeupByPin throws NotSupportedException there) (is '3')",
                NodeConfigValidator.Validate(config)[0]);
            config.PinPir = -1;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
            config.Radar = true;
            Assert.AreEqual(1, NodeConfigValidator.Validate(config).Length);
            Assert.IsTrue(BoardPins.RadarPort("esp32-c3", "lorawan") == null);
            Assert.AreEqual("COM2", BoardPins.RadarPort("esp32-c3", "wifi")!);
            Assert.AreEqual("COM3", BoardPins.RadarPort("esp32", "lorawan")!);
        }

        [TestMethod]
        public static void The_bme280_address_and_the_battery_factor_are_checked()
        {
            NodeConfig config = ConfigTests.LoRaConfig();

            config.Bme280Address = 0x75;
            Assert.AreEqual("Bme280Address must be 0 (try both), 118 (0x76) or 119 (0x77) (is '117')", NodeConfigValidator.Validate(config)[0]);
            config.Bme280Address = 0x77;
            config.BatteryCalibrationPermille = 1501;
            Assert.AreEqual("BatteryCalibrationPermille must be 500 to 1500 (is '1501')", NodeConfigValidator.Validate(config)[0]);
            config.BatteryCalibrationPermille = 1040;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
        }
    }
}
