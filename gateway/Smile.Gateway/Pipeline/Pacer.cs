using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Gateway.Pipeline
{
    /// <summary>A token bucket of messages per second (burst: one second's worth) that paces the backlog after an outage.</summary>
    public sealed class Pacer
    {
        private readonly double _perSecond;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _tokens;
        private double _lastSeconds;

        public Pacer(double perSecond)
        {
            _perSecond = perSecond;
            _tokens = perSecond;
        }

        public async Task TakeAsync(int count, CancellationToken cancel)
        {
            while (true)
            {
                double now = _clock.Elapsed.TotalSeconds;
                _tokens = Math.Min(_perSecond, _tokens + (now - _lastSeconds) * _perSecond);
                _lastSeconds = now;
                if (_tokens >= Math.Min(count, _perSecond))
                {
                    _tokens -= count;
                    return;
                }

                double wait = (Math.Min(count, _perSecond) - _tokens) / _perSecond;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, wait)), cancel);
            }
        }
    }
}
