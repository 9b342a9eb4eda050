using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>A Wi-Fi node never sends its broker password to the TLS port without a CA to check the broker against.</summary>
    [TestClass]
    public class TlsConfigTests
    {
        [TestMethod]
        public static void The_tls_port_without_a_ca_certificate_is_refused()
        {
            NodeConfig config = WifiConfig();
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
            NodeConfig config = WifiConfig();
            config.MqttPort = 1883;

            Assert.AreEqual(0, NodeConfigValidator.Validate(config).Length);
        }

        private static NodeConfig WifiConfig()
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
