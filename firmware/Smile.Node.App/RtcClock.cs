using System;

namespace Smile.Node.App
{
    /// <summary>
    /// The ESP32's RTC keeps counting through deep sleep, so its seconds serve as the node's clock; it is Unix time
    /// once SNTP has set it (a year before 2025 means it has not). SNTP sets it while the wake runs (after Wi-Fi
    /// connects), so the wake's own time counts from the RTC reading at its start plus the tick counter.
    /// </summary>
    public sealed class RtcClock : IClock
    {
        private readonly long _wokeAt = Environment.TickCount64;
        private readonly long _rtcAtWake = RtcSeconds();

        public long Seconds => _rtcAtWake + AwakeMs / 1000;

        public bool Synced => DateTime.UtcNow.Year >= 2025;

        public long UnixSeconds => RtcSeconds();

        public long AwakeMs => Environment.TickCount64 - _wokeAt;

        private static long RtcSeconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
    }
}
