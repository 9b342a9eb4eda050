using System;

namespace Smile.Ingest.Engine
{
    /// <summary>
    /// Exponential back-off with full jitter (a random wait up to the current bound), so that N instances that lost the
    /// same server do not retry in step. Reset after a success.
    /// </summary>
    public sealed class Backoff
    {
        private readonly TimeSpan _first;
        private readonly TimeSpan _max;
        private TimeSpan _bound;

        public Backoff(TimeSpan first, TimeSpan max)
        {
            _first = first;
            _max = max;
            _bound = first;
        }

        public TimeSpan Next()
        {
            var wait = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * _bound.TotalMilliseconds);
            _bound = TimeSpan.FromMilliseconds(Math.Min(_max.TotalMilliseconds, _bound.TotalMilliseconds * 2));
            return wait;
        }

        public void Reset() => _bound = _first;
    }
}
