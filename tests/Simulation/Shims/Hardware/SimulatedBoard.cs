using System;
using System.Collections.Concurrent;

namespace Smile.Simulation
{
    /// <summary>
    /// The simulated ESP32 board behind the shims: what is wired to which bus, pin and UART. A test or the fleet
    /// runner sets it up before the firmware starts; the shims read from it as the real drivers read registers.
    /// </summary>
    public static class SimulatedBoard
    {
        /// <summary>I2C devices by (bus, address): the chip id they answer and the environment they measure.</summary>
        public static ConcurrentDictionary<(int Bus, int Address), SimulatedBme280> I2cDevices { get; } = new ConcurrentDictionary<(int, int), SimulatedBme280>();

        /// <summary>UART endpoints by port name ("COM2"): what the firmware writes goes to the device, lines come back.</summary>
        public static ConcurrentDictionary<string, ISimulatedUart> Uarts { get; } = new ConcurrentDictionary<string, ISimulatedUart>();

        /// <summary>Binary UART endpoints by port name (the LD2410 radar on "COM3").</summary>
        public static ConcurrentDictionary<string, ISimulatedByteUart> ByteUarts { get; } = new ConcurrentDictionary<string, ISimulatedByteUart>();

        /// <summary>ADC channel readings as a ratio of full scale (0..1).</summary>
        public static ConcurrentDictionary<int, double> AdcRatios { get; } = new ConcurrentDictionary<int, double>();

        /// <summary>Logic level of each GPIO pin.</summary>
        public static ConcurrentDictionary<int, bool> PinLevels { get; } = new ConcurrentDictionary<int, bool>();

        /// <summary>The access point the node's Wi-Fi can reach, when it is up.</summary>
        public static bool WifiUp { get; set; } = true;

        public static string WifiSsid { get; set; } = "smile-place";

        /// <summary>Why the chip woke (the firmware asks at start).</summary>
        public static int WakeupCause { get; set; }

        /// <summary>Set when the firmware asked for deep sleep: how long, and by which pin it may wake.</summary>
        public static TimeSpan? RequestedSleep { get; set; }

        public static ulong WakeupPins { get; set; }

        /// <summary>The level the armed ext0 pin wakes the chip on (the last EnableWakeupByPin that succeeded).</summary>
        public static int WakeupLevel { get; set; }

        /// <summary>Which chip the board carries: "esp32", "esp32-s3" or "esp32-c3" (what the sleep API can do depends on it).</summary>
        public static string Chip { get; set; } = "esp32";

        /// <summary>
        /// The RTC GPIOs that can wake the chip from deep sleep (ESP-IDF soc caps / rtc_io_num_map, research note g):
        /// ESP32 0, 2, 4, 12 to 15, 25 to 27, 32 to 39; ESP32-S3 0 to 21; the ESP32-C3 has none (no ext0/ext1).
        /// </summary>
        public static bool IsRtcGpio(int gpio) => Chip switch
        {
            "esp32" => gpio is 0 or 2 or 4 or (>= 12 and <= 15) or (>= 25 and <= 27) or (>= 32 and <= 39),
            "esp32-s3" => gpio is >= 0 and <= 21,
            _ => false,
        };

        /// <summary>
        /// The chip's RTC as nanoFramework sees it (DateTime.UtcNow on the device). After a power cut it starts at
        /// 1970; SNTP sets it <see cref="SntpDelay"/> after Wi-Fi connects (null: no SNTP answer at all).
        /// </summary>
        public static DateTime RtcUtc { get; set; } = DateTime.UtcNow;

        public static TimeSpan? SntpDelay { get; set; } = TimeSpan.Zero;

        /// <summary>The RTC's year at each TLS handshake the M2Mqtt shim began (a 1970 clock fails certificate checks).</summary>
        public static ConcurrentQueue<int> TlsHandshakeYears { get; } = new ConcurrentQueue<int>();

        /// <summary>Called by Sleep.StartDeepSleep: on the device the chip powers down and Main starts again on wake.</summary>
        public static Action? DeepSleep { get; set; }

        /// <summary>Called by Sleep.StartLightSleep with the timer armed: the simulated world moves on that long.</summary>
        public static Action<TimeSpan>? LightSleep { get; set; }
    }

    /// <summary>A UART peer: a modem or a radar.</summary>
    public interface ISimulatedUart
    {
        void Receive(string line);

        /// <summary>The next line for the firmware, or null after the timeout.</summary>
        string? Send(int timeoutMs);
    }

    /// <summary>A UART peer that speaks bytes, not lines: the LD2410 radar.</summary>
    public interface ISimulatedByteUart
    {
        /// <summary>Bytes the firmware writes to the device.</summary>
        void Receive(byte[] buffer, int offset, int count);

        /// <summary>Copies up to count bytes the device sent; waits up to the timeout (-1: forever) for the first; 0 when none came.</summary>
        int Send(byte[] buffer, int offset, int count, int timeoutMs);
    }

    /// <summary>A BME280 on the bus: the chip id it answers (0x60; a BMP280 answers 0x58) and what it measures.</summary>
    public sealed class SimulatedBme280
    {
        public byte ChipId { get; set; } = 0x60;

        public double TemperatureC { get; set; } = 20;

        public double HumidityPercent { get; set; } = 50;

        public double PressureHpa { get; set; } = 1013.25;

        /// <summary>The chip stopped answering after the constructor found it (a loose wire): reads give garbage marked valid.</summary>
        public bool Failing { get; set; }

        public int ForcedMeasurements { get; set; }
    }
}
