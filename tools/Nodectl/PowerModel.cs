using System;

namespace Smile.Nodectl
{
    /// <summary>
    /// The node's average current from the time it spends in each state and the current each state draws. The
    /// times follow the firmware's cycle (hardware/power-budget.md); the currents are typical datasheet figures,
    /// listed there, to be checked with a meter on the built node.
    /// </summary>
    public sealed class PowerModel
    {
        // Deep sleep: ESP32 RTC timer (10 µA) + AM312 PIR (12 µA) + BME280 sleep (0.1 µA) + modem sleep (2 µA) + LDO (2 µA).
        public double SleepMilliamps { get; init; } = 0.0261;

        /// <summary>nanoFramework boot after deep sleep, config and state load, forced BME280 measurement.</summary>
        public double WakeSeconds { get; init; } = 1.2;

        public double CpuMilliamps { get; init; } = 40;

        public double LoRaTxMilliamps { get; init; } = 45;

        public double LoRaRxMilliamps { get; init; } = 5;

        /// <summary>The modem's RX1 and RX2 windows after an uplink (RX1 delay 1 s): the ESP32 waits for "Done".</summary>
        public double LoRaRxSeconds { get; init; } = 2.0;

        /// <summary>Wi-Fi association, DHCP, TLS and one MQTT publish with its acknowledgement.</summary>
        public double WifiSendSeconds { get; init; } = 3.0;

        public double WifiMilliamps { get; init; } = 120;

        /// <summary>Average current in mA for a wake every intervalSeconds with one uplink of payloadBytes each wake.</summary>
        public double AverageMilliamps(string transport, int intervalSeconds, int payloadBytes, int spreadingFactor)
        {
            double charge = WakeSeconds * CpuMilliamps; // mA·s per wake
            double awake = WakeSeconds;
            if (transport == "lorawan")
            {
                double tx = Airtime.Milliseconds(payloadBytes + Airtime.LoRaWanOverheadBytes, spreadingFactor) / 1000;
                charge += tx * (CpuMilliamps + LoRaTxMilliamps) + LoRaRxSeconds * (CpuMilliamps + LoRaRxMilliamps);
                awake += tx + LoRaRxSeconds;
            }
            else
            {
                charge += WifiSendSeconds * WifiMilliamps;
                awake += WifiSendSeconds;
            }

            charge += Math.Max(0, intervalSeconds - awake) * SleepMilliamps;
            return charge / intervalSeconds;
        }

        /// <summary>Days a battery lasts; usable is the share of the rated capacity the node can use (cut-off voltage, cold).</summary>
        public static double Days(double capacityMah, double usable, double averageMilliamps) => capacityMah * usable / averageMilliamps / 24;
    }
}
