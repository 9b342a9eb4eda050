using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smile.Nodectl.Provision
{
    /// <summary>What the whole batch shares: where the nodes find the broker, the Wi-Fi, the LoRaWAN join server.</summary>
    public sealed class ProvisionOptions
    {
        public string MqttHost { get; init; } = "";

        public int MqttPort { get; init; } = 8883;

        /// <summary>PEM of the broker's CA; empty: plain MQTT.</summary>
        public string CaCertificate { get; init; } = "";

        public string WifiSsid { get; init; } = "";

        public string WifiPassword { get; init; } = "";

        public string JoinEui { get; init; } = "0000000000000000";

        public string FrequencyPlan { get; init; } = "EU_863_870_TTN";

        public string ChirpStackApplicationId { get; init; } = "";

        public string ChirpStackDeviceProfileId { get; init; } = "";

        /// <summary>
        /// What makes the whole batch unusable for Wi-Fi nodes, or null. A node uses TLS only with a CA, so port 8883
        /// without one would send every node's password in plain text to the TLS listener (the firmware's validator
        /// refuses such a config too; this says it once instead of once per row).
        /// </summary>
        public string? Problem()
        {
            if (MqttPort == Smile.Node.NodeConfigValidator.TlsPort && CaCertificate.Length == 0)
            {
                return "--mqtt-port 8883 is the broker's TLS listener and needs --ca-file (the site CA's ca.crt from nodectl ca); for plain MQTT say --mqtt-port 1883";
            }

            if (CaCertificate.Length > 0)
            {
                try
                {
                    using X509Certificate2 ca = X509Certificate2.CreateFromPem(CaCertificate);
                    if (ca.NotAfter < DateTime.Now)
                    {
                        return "--ca-file holds a CA certificate that expired on " + ca.NotAfter.ToString("yyyy-MM-dd");
                    }
                }
                catch (CryptographicException e)
                {
                    return "--ca-file is no PEM certificate (" + e.Message + ")";
                }
            }

            return null;
        }
    }
}
