using System;
using System.Collections.Generic;

namespace Smile.Nodectl
{
    /// <summary>
    /// A node's average current: the time per phase of each kind of wake comes from the firmware's cycle run on the
    /// simulator (<see cref="PhaseTable"/>); the currents are datasheet figures; what a host cannot simulate (the
    /// ESP32's boot) is an estimate, named as such. hardware/power-budget.md prints it (`nodectl battery --markdown`).
    /// </summary>
    public sealed class PowerModel
    {
        /// <summary>Largest batch the phase table has frame sizes for (a day of 30-minute samples).</summary>
        public const int MaxBatch = 48;

        /// <summary>Deep sleep: ESP32 RTC timer 10 µA, AM312 PIR 12 µA, BME280 0.1 µA, modem sleep 2 µA, LDO 2 µA (datasheets).</summary>
        public const double SleepMilliamps = 0.0261;

        /// <summary>ESP32 running at 80 MHz with its radio off, flash and regulator included (datasheet 20–31 mA for the chip, margin for the rest).</summary>
        public const double AwakeMilliamps = 40;

        /// <summary>ESP32 light sleep (ESP32 datasheet, power modes: 0.8 mA).</summary>
        public const double LightSleepMilliamps = 0.8;

        /// <summary>ESP32 with Wi-Fi associated, averaged over receive and transmit (datasheet: RX ~100 mA, TX 160–240 mA).</summary>
        public const double WifiMilliamps = 120;

        /// <summary>LoRa module transmitting at 14 dBm (SX126x class, typical datasheet figure).</summary>
        public const double LoRaTxMilliamps = 45;

        /// <summary>LoRa module receiving (SX126x class, typical datasheet figure).</summary>
        public const double LoRaRxMilliamps = 5;

        /// <summary>
        /// HLK-LD2410 radar, always on (it tracks people between wakes): 79 mA average as HiLink's datasheet gives it
        /// — not re-read in this session, so treat it as an estimate until measured (first-board checklist).
        /// </summary>
        public const double RadarMilliamps = 79;

        /// <summary>
        /// ESP32 ROM and bootloader, nanoCLR start, loading the app's assemblies, up to Main: an estimate. No
        /// measurement of nanoFramework's boot after deep sleep was found in its repositories, issues or docs; the
        /// ESP-IDF bootloader alone takes about 361 ms with image validation, 45 ms without (toitware/esp-idf PR 14).
        /// hardware/power-budget.md shows how the battery life moves with it.
        /// </summary>
        public double BootMs { get; init; } = 1000;

        /// <summary>Main's own work besides the cycle's devices: config.json parsed, state, buffer and pending frames read and written (an estimate).</summary>
        public double CycleCpuMs { get; init; } = 150;

        /// <summary>A PIR edge wake: boot, the state read and written, back to sleep (an estimate: the boot plus 50 ms).</summary>
        public double PirWakeMs => BootMs + 50;

        public PhaseTable Table { get; init; } = PhaseTable.Embedded();

        public static string Scenario(string transport, string modem, int spreadingFactor, bool lightSleep) =>
            transport == "wifi" ? "wifi" : "lorawan/" + modem + "/sf" + spreadingFactor + (lightSleep ? "/light-sleep" : "/awake");

        public Budget Compute(NodeProfile node)
        {
            string scenario = Scenario(node.Transport, node.Modem, node.SpreadingFactor, node.LightSleepThroughWindows);
            if (!Table.Has(scenario))
            {
                throw new ArgumentException("no phase times for " + scenario + " (spreading factor 7 to 12, modem wio-e5 or rak3172)");
            }

            double wakes = 86400.0 / node.SampleIntervalSeconds;
            double sends = Math.Min(wakes, 86400.0 / Math.Max(node.SendIntervalSeconds, node.SampleIntervalSeconds));
            double early = node.Pir || node.Radar ? Math.Min(node.PresenceChangesPerDay, wakes - sends) : 0;
            double status = wakes / node.StatusEveryCycles;
            double sampleOnly = Math.Max(0, wakes - sends - early);

            var lines = new List<BudgetLine>();
            void Add(string part, string source, double msPerDay, double milliamps) => lines.Add(new BudgetLine(part, source, msPerDay, milliamps));

            Add("boot to Main", "estimate", wakes * BootMs, AwakeMilliamps);
            Add("config, state and flash", "estimate", wakes * CycleCpuMs, AwakeMilliamps);
            foreach (string phase in PhaseTable.Esp32Phases)
            {
                double ms = sampleOnly * Table.Ms(scenario, "sample", phase)
                    + sends * Send(scenario, node, node.Batch, phase)
                    + early * Send(scenario, node, 1, phase)
                    + status * (Send(scenario, node, 1, phase) - Table.Ms(scenario, "sample", phase));
                Add(Describe(phase), "simulated", ms, Milliamps(phase));
            }

            foreach (string phase in PhaseTable.RadioPhases)
            {
                double ms = sends * Send(scenario, node, node.Batch, phase) + (early + status) * Send(scenario, node, 1, phase);
                lines.Add(new BudgetLine(Describe(phase), "simulated", ms, phase == "radio-tx" ? LoRaTxMilliamps : LoRaRxMilliamps, Beside: true));
            }

            if (node.Pir)
            {
                Add("PIR edge wakes", "estimate", node.PirEdgesPerDay * PirWakeMs, AwakeMilliamps);
            }

            double awake = 0;
            foreach (BudgetLine line in lines)
            {
                awake += line.Beside ? 0 : line.MsPerDay;
            }

            lines.Add(new BudgetLine("deep sleep", "datasheet", Math.Max(0, 86_400_000 - awake), SleepMilliamps));
            if (node.Radar)
            {
                lines.Add(new BudgetLine("LD2410 radar, always on", "datasheet (unchecked)", 86_400_000, RadarMilliamps, Beside: true));
            }

            return new Budget(node, lines, wakes, sends + early);
        }

        /// <summary>
        /// A send wake with a batch of samples: the simulated one-frame send wake, once more per extra frame, with
        /// the time on air, the wait for it and the UART time moved by the batch's bytes (Semtech's formula).
        /// </summary>
        private double Send(string scenario, NodeProfile node, int batch, string phase)
        {
            double sample = Table.Ms(scenario, "sample", phase);
            double send = Table.Ms(scenario, "send", phase);
            if (node.Transport == "wifi")
            {
                return send;
            }

            (int frames, int bytes) = Table.Batch(batch);
            (_, int simulatedBytes) = Table.Batch(new NodeProfile().Batch);
            double ms = sample + frames * (send - sample);
            double airtime = frames * Airtime.Milliseconds(bytes / frames + Airtime.LoRaWanOverheadBytes, node.SpreadingFactor)
                - frames * Airtime.Milliseconds(simulatedBytes + Airtime.LoRaWanOverheadBytes, node.SpreadingFactor);
            int baud = node.Modem == "rak3172" ? 115200 : 9600;
            return phase switch
            {
                "radio-tx" or "modem-wait" => ms + airtime,
                "uart" => ms + (bytes - frames * simulatedBytes) * 20_000.0 / baud,
                _ => ms,
            };
        }

        private static double Milliamps(string phase) => phase switch
        {
            "light-sleep" => LightSleepMilliamps,
            "wifi" => WifiMilliamps,
            _ => AwakeMilliamps,
        };

        private static string Describe(string phase) => phase switch
        {
            "cpu" => "cycle on the CPU",
            "sensor" => "BME280 forced measurement",
            "uart" => "AT lines on the UART",
            "modem-wait" => "awake, waiting for the modem",
            "light-sleep" => "light sleep through RX windows",
            "wifi" => "Wi-Fi, TLS, MQTT",
            "radio-tx" => "radio on air (beside the ESP32)",
            _ => "radio in RX1/RX2 (beside the ESP32)",
        };

        /// <summary>Days a battery lasts; usable is the share of the rated capacity the node can use (cut-off voltage, cold).</summary>
        public static double Days(double capacityMah, double usable, double averageMilliamps) => capacityMah * usable / averageMilliamps / 24;
    }

    /// <summary>
    /// One part of a day's charge: milliseconds a day at a current, and where the time comes from. Beside: a part
    /// that draws while the ESP32 does something else (the modem's radio, the LD2410), not time out of its sleep.
    /// </summary>
    public sealed record BudgetLine(string Part, string Source, double MsPerDay, double Milliamps, bool Beside = false)
    {
        public double MilliampSecondsPerDay => MsPerDay / 1000 * Milliamps;
    }

    public sealed record Budget(NodeProfile Node, IReadOnlyList<BudgetLine> Lines, double WakesPerDay, double UplinksPerDay)
    {
        public double AverageMilliamps
        {
            get
            {
                double total = 0;
                foreach (BudgetLine line in Lines)
                {
                    total += line.MilliampSecondsPerDay;
                }

                return total / 86400;
            }
        }
    }
}
