namespace Smile.Node
{
    /// <summary>
    /// One node's configuration: a JSON document written by provisioning (nodectl provision) and stored on the node.
    /// Property names are the JSON keys.
    /// </summary>
    public sealed class NodeConfig
    {
        public string NodeId { get; set; } = "";

        public string Site { get; set; } = "";

        /// <summary>"esp32" (ESP32-DevKitC), "esp32-s3" or "esp32-c3": decides which pins can do what.</summary>
        public string Board { get; set; } = "esp32";

        /// <summary>An LD2410 radar on the radar UART (USB-powered nodes: it draws about 80 mA).</summary>
        public bool Radar { get; set; }

        /// <summary>"lorawan" or "wifi".</summary>
        public string Transport { get; set; } = "lorawan";

        /// <summary>"wio-e5" or "rak3172" (LoRaWAN only).</summary>
        public string Modem { get; set; } = "wio-e5";

        public int SampleIntervalSeconds { get; set; } = 300;

        /// <summary>Send at least this often; a presence change sends at once.</summary>
        public int SendIntervalSeconds { get; set; } = 900;

        /// <summary>A status frame after boot and every this many cycles.</summary>
        public int StatusEveryCycles { get; set; } = 96;

        public int PresenceHoldSeconds { get; set; } = 120;

        /// <summary>Samples kept until delivered; the oldest go first when full.</summary>
        public int BufferCapacity { get; set; } = 288;

        /// <summary>Longest a wake may take, network included; then the node sleeps and keeps its samples.</summary>
        public int WakeBudgetMs { get; set; } = 20000;

        public int JoinsPerDay { get; set; } = 24;

        public int LoRaPort { get; set; } = 1;

        public string DevEui { get; set; } = "";

        public string JoinEui { get; set; } = "";

        public string AppKey { get; set; } = "";

        public string WifiSsid { get; set; } = "";

        public string WifiPassword { get; set; } = "";

        public string MqttHost { get; set; } = "";

        public int MqttPort { get; set; } = 8883;

        public string MqttUsername { get; set; } = "";

        public string MqttPassword { get; set; } = "";

        /// <summary>PEM of the CA that signs the broker's certificate; empty: plain MQTT (a closed Smile Place LAN only).</summary>
        public string MqttCaCertificate { get; set; } = "";

        public int PinI2cSda { get; set; } = 18;

        public int PinI2cScl { get; set; } = 19;

        /// <summary>The PIR's output: an RTC GPIO that is no strapping pin (BoardPins.CanWakeOn); -1 for a node without PIR.</summary>
        public int PinPir { get; set; } = 27;

        public int PinModemRx { get; set; } = 16;

        public int PinModemTx { get; set; } = 17;

        public int PinBatteryAdc { get; set; } = 34;

        public int PinRadarRx { get; set; } = 25;

        public int PinRadarTx { get; set; } = 26;

        /// <summary>The BME280's I2C address: 0x76 (118, SDO to GND) or 0x77 (119, SDO to VCC); 0 tries 0x76, then 0x77.</summary>
        public int Bme280Address { get; set; }

        /// <summary>
        /// Correction of the battery reading in thousandths: the ESP32's ADC is uncalibrated (full scale 3.1 to 3.3 V
        /// by chip), so a technician measures the battery once and sets measured ÷ reported × 1000 (hardware/power-budget.md).
        /// </summary>
        public int BatteryCalibrationPermille { get; set; } = 1000;

        public int ConfigVersion { get; set; } = 1;
    }
}
