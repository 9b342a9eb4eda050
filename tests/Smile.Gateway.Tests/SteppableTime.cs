using System;

namespace Smile.Gateway.Tests
{
    /// <summary>A wall clock that can be stepped apart from the monotonic one; FakeTimeProvider moves both together.</summary>
    internal sealed class SteppableTime : TimeProvider
    {
        /// <summary>A year in milliseconds: the size of step a Pi's first time sync can make.</summary>
        public const long YearMs = 365L * 24 * 3_600_000;

        private long _monotonicMs = 1_000_000;

        // The time fake-hwclock saved before the power cut.
        private long _wallMs = new DateTimeOffset(2026, 3, 1, 4, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => _monotonicMs;

        /// <summary>Runs once at the next reading of the wall clock: another thread's work landing at that moment.</summary>
        public Action? OnWallRead { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            OnWallRead?.Invoke();
            return DateTimeOffset.FromUnixTimeMilliseconds(_wallMs);
        }

        public void Pass(long ms)
        {
            _monotonicMs += ms;
            _wallMs += ms;
        }

        public void Step(long ms) => _wallMs += ms;
    }
}
