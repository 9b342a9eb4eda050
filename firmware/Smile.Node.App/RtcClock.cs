using System;

namespace Smile.Node.App
{
    /// <summary>
    /// The ESP32's RTC keeps counting through deep sleep, so the seconds of DateTime.UtcNow serve as the node's clock;
    /// it is Unix time once SNTP has set it (a year before 2025 means it has not). The wake's own length comes from
    /// the tick counter, counted from when the firmware created this clock.
    /// </summary>
    public sealed class RtcClock : IClock
    {
        private readonly long _wokeAt = Environment.TickCount64;

        public long Seconds => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

        public bool Synced => DateTime.UtcNow.Year >= 2025;

        public long UnixSeconds => Seconds;

        public long AwakeMs => Environment.TickCount64 - _wokeAt;
    }
}
