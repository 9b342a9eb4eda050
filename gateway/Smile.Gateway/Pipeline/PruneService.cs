using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;

namespace Smile.Gateway.Pipeline
{
    /// <summary>Every minute: forget dedup keys past the window, drop measurements past the age bound, cap the quarantine.</summary>
    public sealed class PruneService : BackgroundService
    {
        private readonly GatewayStore _store;
        private readonly Deduplicator _dedup;
        private readonly InFlight _inFlight;
        private readonly long _windowMs;

        public PruneService(GatewayOptions options, GatewayStore store, Deduplicator dedup, InFlight inFlight)
        {
            _store = store;
            _dedup = dedup;
            _inFlight = inFlight;
            _windowMs = options.Filters.DedupWindowHours * 3_600_000L;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                _store.Prune(now, _windowMs, _inFlight.Contains);
                _dedup.Prune(now);
                await Task.Delay(TimeSpan.FromMinutes(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
