using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>Simulated time: a day of wakes and sleeps runs in milliseconds. Simulated hardware advances it.</summary>
    public sealed class VirtualClock : IClock
    {
        public long Seconds { get; private set; } = 1000;

        public bool Synced => false;

        public long UnixSeconds => 0;

        public long AwakeMs { get; private set; }

        /// <summary>Time passing while awake (radio, sensors).</summary>
        public void Spend(long ms)
        {
            AwakeMs += ms;
        }

        /// <summary>Deep sleep: the wake's time is added and a new wake begins.</summary>
        public void Sleep(long seconds)
        {
            Seconds += seconds + AwakeMs / 1000;
            AwakeMs = 0;
        }
    }
}
