namespace Smile.Simulation.Devices
{
    /// <summary>
    /// What the node is doing while simulated time passes, for the power model (nodectl battery): the ESP32's
    /// states, which follow one another, and the modem radio's, which run beside them (the radio transmits while the
    /// ESP32 waits or sleeps). Numbers, not names in a table, because the firmware's C# subset has no generics.
    /// </summary>
    public static class NodePhase
    {
        /// <summary>ESP32 awake running the cycle (the default for time a device does not name).</summary>
        public const int Cpu = 0;

        /// <summary>ESP32 awake while the BME280 measures in forced mode.</summary>
        public const int Sensor = 1;

        /// <summary>ESP32 awake while an AT line crosses the UART at the modem's baud rate.</summary>
        public const int Uart = 2;

        /// <summary>ESP32 awake waiting for the modem's next line (its radio on air or in its receive windows).</summary>
        public const int ModemWait = 3;

        /// <summary>ESP32 in light sleep, woken by its timer.</summary>
        public const int LightSleep = 4;

        /// <summary>ESP32 awake with Wi-Fi on: association, DHCP, TLS, MQTT.</summary>
        public const int Wifi = 5;

        /// <summary>Modem radio transmitting (beside the ESP32's phases).</summary>
        public const int RadioTx = 6;

        /// <summary>Modem radio receiving in RX1/RX2 (beside the ESP32's phases).</summary>
        public const int RadioRx = 7;

        public const int Count = 8;

        /// <summary>Whether the phase is the ESP32's own time (they add up to the wake) rather than the radio's.</summary>
        public static bool IsEsp32(int phase) => phase < RadioTx;

        public static string Name(int phase)
        {
            switch (phase)
            {
                case Cpu: return "cpu";
                case Sensor: return "sensor";
                case Uart: return "uart";
                case ModemWait: return "modem-wait";
                case LightSleep: return "light-sleep";
                case Wifi: return "wifi";
                case RadioTx: return "radio-tx";
                default: return "radio-rx";
            }
        }
    }
}
