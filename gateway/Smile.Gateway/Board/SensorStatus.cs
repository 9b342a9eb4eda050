using System;

namespace Smile.Gateway.Board
{
    /// <summary>What the own sensor last did, for the status page, /status and /metrics; written by one service, read by requests.</summary>
    public sealed class SensorStatus
    {
        private readonly object _sync = new object();
        private OwnReading? _last;
        private DateTimeOffset? _lastAt;
        private string? _lastError;
        private DateTimeOffset? _lastErrorAt;
        private int _consecutiveFailures;
        private long _failures;
        private long _readings;

        public void Succeeded(OwnReading reading, DateTimeOffset at)
        {
            lock (_sync)
            {
                (_last, _lastAt, _consecutiveFailures) = (reading, at, 0);
                _readings++;
            }
        }

        /// <summary>Counts the failure; returns how many came in a row, this one included.</summary>
        public int Failed(string error, DateTimeOffset at)
        {
            lock (_sync)
            {
                (_lastError, _lastErrorAt) = (error, at);
                _failures++;
                return ++_consecutiveFailures;
            }
        }

        public Snapshot Take()
        {
            lock (_sync)
            {
                return new Snapshot(_last, _lastAt, _lastError, _lastErrorAt, _consecutiveFailures, _failures, _readings);
            }
        }

        /// <param name="Last">The newest good reading, if any.</param>
        /// <param name="LastAt">When it was taken.</param>
        /// <param name="LastError">The newest failure's text, kept after a recovery for the record.</param>
        /// <param name="LastErrorAt">When that failure happened.</param>
        /// <param name="ConsecutiveFailures">Failures since the last good reading: above 0, the sensor is failing now.</param>
        /// <param name="Failures">Failures since the gateway started.</param>
        /// <param name="Readings">Good readings since the gateway started.</param>
        public sealed record Snapshot(OwnReading? Last, DateTimeOffset? LastAt, string? LastError, DateTimeOffset? LastErrorAt, int ConsecutiveFailures, long Failures, long Readings)
        {
            public bool Failing => ConsecutiveFailures > 0;
        }
    }
}
