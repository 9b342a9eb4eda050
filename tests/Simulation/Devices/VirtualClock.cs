using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>Simulated time: a day of wakes and sleeps runs in milliseconds. Simulated hardware advances it.</summary>
    public sealed class VirtualClock : IClock
    {
        private long _step;
        private long _wakeStart = 1000;

        public long Seconds => _wakeStart + AwakeMs / 1000;

        public bool Synced { get; private set; }

        public long UnixSeconds => Synced ? Seconds + _step : 0;

        public long AwakeMs { get; private set; }

        /// <summary>
        /// Milliseconds since the simulation began, through sleeps too: the modem's own clock, which keeps running
        /// (and finishing its RX windows) while the node sleeps or has stopped waiting for it.
        /// </summary>
        public long ElapsedMs { get; private set; }

        /// <summary>Time passing while awake (radio, sensors).</summary>
        public void Spend(long ms)
        {
            AwakeMs += ms;
            ElapsedMs += ms;
        }

        /// <summary>SNTP sets the RTC to this Unix time now; the next wake starts on it.</summary>
        public void SetBySntp(long unixSeconds)
        {
            Synced = true;
            _step = unixSeconds - Seconds;
        }

        /// <summary>Deep sleep: the wake's time is added and a new wake begins.</summary>
        public void Sleep(long seconds)
        {
            ElapsedMs += seconds * 1000;
            _wakeStart += seconds + AwakeMs / 1000 + _step;
            _step = 0;
            AwakeMs = 0;
        }
    }
}
