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

        /// <summary>Milliseconds spent in each <see cref="NodePhase"/> since the last <see cref="ClearPhases"/>.</summary>
        public long[] PhaseMs { get; } = new long[NodePhase.Count];

        public void ClearPhases()
        {
            for (int i = 0; i < PhaseMs.Length; i++)
            {
                PhaseMs[i] = 0;
            }
        }

        /// <summary>
        /// Milliseconds since the simulation began, through sleeps too: the modem's own clock, which keeps running
        /// (and finishing its RX windows) while the node sleeps or has stopped waiting for it.
        /// </summary>
        public long ElapsedMs { get; private set; }

        /// <summary>Time passing while the ESP32 runs the cycle.</summary>
        public void Spend(long ms) => Spend(ms, NodePhase.Cpu);

        /// <summary>Time passing while the ESP32 is in one of its phases; light sleep counts as part of the wake.</summary>
        public void Spend(long ms, int phase)
        {
            AwakeMs += ms;
            ElapsedMs += ms;
            PhaseMs[phase] += ms;
        }

        /// <summary>The modem's radio on air or listening for ms, beside whatever the ESP32 does meanwhile.</summary>
        public void Radio(long ms, int phase) => PhaseMs[phase] += ms;

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
