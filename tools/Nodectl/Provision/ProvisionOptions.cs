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
    }
}
