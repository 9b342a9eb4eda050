using System;

namespace Smile.Mqtt
{
    /// <summary>Exponential back-off with full jitter: a random delay between 0 and min(max, base × 2^attempt).</summary>
    public sealed class Backoff
    {
        private readonly TimeSpan _base;
        private readonly TimeSpan _max;
        private readonly Random _random;
        private int _attempt;

        public Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
        {
            _base = baseDelay;
            _max = maxDelay;
            _random = random ?? Random.Shared;
        }

        public TimeSpan Next()
        {
            double ceiling = Math.Min(_max.TotalMilliseconds, _base.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
            _attempt++;
            return TimeSpan.FromMilliseconds(_random.NextDouble() * ceiling);
        }

        public void Reset() => _attempt = 0;
    }
}
