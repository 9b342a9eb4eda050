using System;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// The gateway's own clock state, read at most every few seconds (the ingest asks once per uplink): what
    /// received_at is worth. While unsynchronized, measurements carry the quality flag gateway_clock_unsynced.
    /// </summary>
    public sealed class GatewayClock
    {
        private const long RefreshMs = 5000;
        private readonly IClockSync _sync;
        private readonly object _lock = new object();
        private ClockSyncState _state;
        private long _readAt = long.MinValue;

        public GatewayClock(IClockSync sync) => _sync = sync;

        public ClockSyncState State
        {
            get
            {
                lock (_lock)
                {
                    long now = Environment.TickCount64;
                    if (now - _readAt >= RefreshMs || _readAt == long.MinValue)
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
    }
}
