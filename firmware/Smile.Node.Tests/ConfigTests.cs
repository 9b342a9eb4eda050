using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    [TestClass]
    public class ConfigTests
    {
        public static NodeConfig LoRaConfig()
        {
            return new NodeConfig
            {
                NodeId = "hro-hafen-07",
                Site = "stadthafen",
                Transport = "lorawan",
                Modem = "wio-e5",
                DevEui = "70B3D57ED0000007",
                JoinEui = "0000000000000000",
                AppKey = "2B7E151628AED2A6ABF7158809CF4F3C",
            };
        }

        [TestMethod]
        public static void A_complete_lorawan_config_is_valid()
        {
            Assert.AreEqual(0, NodeConfigValidator.Validate(LoRaConfig()).Length);
        }

        [TestMethod]
        public static void Each_problem_names_its_key_and_secrets_are_never_printed()
        {
            NodeConfig config = LoRaConfig();
            config.NodeId = "has space";
            config.SampleIntervalSeconds = 5;
            config.AppKey = "SECRET";
            config.PinBatteryAdc = 25;

            string[] errors = NodeConfigValidator.Validate(config);

            Assert.AreEqual(4, errors.Length);
            Assert.AreEqual("NodeId must be 1 to 64 letters, digits, '-', '_' or '.' (is 'has space')", errors[0]);
            Assert.AreEqual("SampleIntervalSeconds must be 10 to 86400 (is '5')", errors[1]);
            Assert.AreEqual("AppKey must be 32 hex digits (value hidden)", errors[2]);
            Assert.IsTrue(errors[3].StartsWith("PinBatteryAdc must be an ADC1 pin"));
            for (int i = 0; i < errors.Length; i++)
            {
                Assert.IsTrue(errors[i].IndexOf("SECRET") < 0);
            }
        }

        [TestMethod]
        public static void The_battery_pin_must_be_on_adc1_of_the_configured_board()
        {
            NodeConfig config = LoRaConfig();
            config.Board = "esp32-s3";
            config.PinPir = 5; // the default GPIO 27 is no RTC GPIO of the S3
            config.PinBatteryAdc = 34;

            string[] errors = NodeConfigValidator.Validate(config);

            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("PinBatteryAdc must be an ADC1 pin of the esp32-s3 (GPIO 1 to 10; Wi-Fi blocks ADC2) (is '34')", errors[0]);
            config.PinBatteryAdc = 4;
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
            Assert.AreEqual(3, BoardPins.AdcChannel("esp32-s3", 4));
            Assert.AreEqual(6, BoardPins.AdcChannel("esp32", 34));
            Assert.AreEqual(-1, BoardPins.AdcChannel("esp32-c3", 5));
            config.Board = "esp8266";
            Assert.AreEqual("Board must be esp32, esp32-s3 or esp32-c3 (is 'esp8266')", NodeConfigValidator.Validate(config)[0]);
        }

        [TestMethod]
        public static void A_wifi_config_needs_broker_credentials()
        {
            NodeConfig config = LoRaConfig();
            config.Transport = "wifi";
            config.WifiSsid = "smile-place";
            config.MqttHost = "pi.local";
            config.MqttUsername = "hro-hafen-07";
            config.MqttPassword = "short";
            config.MqttCaCertificate = "-----BEGIN CERTIFICATE-----\nMIIB+w==\n-----END CERTIFICATE-----\n"; // the default port 8883 is TLS

            string[] errors = NodeConfigValidator.Validate(config);

            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("MqttPassword must be at least 12 characters (value hidden)", errors[0]);
        }

        // A Wi-Fi node never sends its broker password to the TLS port without a CA to check the broker against.
        [TestMethod]
        public static void The_tls_port_without_a_ca_certificate_is_refused()
        {
            NodeConfig config = TlsWifiConfig();
            config.MqttPort = 8883;

            string[] errors = NodeConfigValidator.Validate(config);

            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("MqttPort 8883 is MQTT over TLS and needs MqttCaCertificate (the site CA's PEM) (is '8883')", errors[0]);
            config.MqttCaCertificate = "-----BEGIN CERTIFICATE-----\nMIIB+w==\n-----END CERTIFICATE-----\n";
            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
        }

        [TestMethod]
        public static void Plain_mqtt_on_another_port_needs_no_ca_certificate()
        {
            NodeConfig config = TlsWifiConfig();
            config.MqttPort = 1883;

            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
        }

        private static NodeConfig TlsWifiConfig()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.Transport = "wifi";
            config.WifiSsid = "smile-place";
            config.MqttHost = "pi.local";
            config.MqttUsername = "hro-hafen-07";
            config.MqttPassword = "a-long-enough-password";
            return config;
        }
    }
}
