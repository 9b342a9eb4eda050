using System;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// The gateway's own clock state, read at most every few seconds (the ingest asks once per uplink): what
    /// received_at is worth. While unsynchronized, measurements carry the quality flag gateway_clock_unsynced.
    /// </summary>
    public sealed class GatewayClock
    {
        private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
        private readonly IClockSync _sync;
        private readonly TimeProvider _time;
        private readonly object _lock = new object();
        private ClockSyncState _state;
        private long? _readAt;

        public GatewayClock(IClockSync sync, TimeProvider time)
        {
            _sync = sync;
            _time = time;
        }

        public ClockSyncState State
        {
            get
            {
                lock (_lock)
                {
                    long now = _time.GetTimestamp();
                    if (_readAt is not long readAt || _time.GetElapsedTime(readAt, now) >= Refresh)
                    {
                        _state = _sync.Read();
                        _readAt = now;
                    }

                    return _state;
                }
            }
        }

        public bool Unsynchronized => State == ClockSyncState.Unsynchronized;

        /// <summary>The state as /status writes it: synchronized, unsynchronized or unknown.</summary>
        public string Name => State.ToString().ToLowerInvariant();

        /// <summary>Now, as received_at takes it, with the offset that tells a later step (<see cref="ClockStamp"/>).</summary>
        public ClockStamp Stamp()
        {
            bool unsynchronized = Unsynchronized;
            long monotonicMs = (long)((Int128)_time.GetTimestamp() * 1000 / _time.TimestampFrequency);
            long wallMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            return new ClockStamp(wallMs, wallMs - monotonicMs, unsynchronized);
        }
    }
}
