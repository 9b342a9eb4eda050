using System;
using System.Collections.Generic;

namespace Smile.Gateway.Filters
{
    /// <summary>
    /// A token bucket per node: up to N frames a minute, with bursts up to N. Frames past it are dropped and counted,
    /// so one flooding node cannot use up the gateway's time and buffer at the expense of the others.
    /// </summary>
    public sealed class RateLimiter
    {
        private readonly double _perMinute;
        private readonly Dictionary<string, (double Tokens, long AtMs)> _buckets = new Dictionary<string, (double, long)>();

        public RateLimiter(int framesPerMinute) => _perMinute = framesPerMinute;

        public bool Allow(string node, long nowMs)
        {
            if (_perMinute <= 0)
            {
                return true;
            }

            var (tokens, at) = _buckets.TryGetValue(node, out var b) ? b : (_perMinute, nowMs);
            tokens = Math.Min(_perMinute, tokens + Math.Max(0, nowMs - at) * _perMinute / 60_000.0);
            bool allowed = tokens >= 1;
            _buckets[node] = (allowed ? tokens - 1 : tokens, nowMs);
            return allowed;
        }
    }
}
