using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// Every second: deletes the rows the platform acknowledged, in few transactions (few, larger writes to the SD card:
    /// a commit writes about 8.5 KB however few rows it deletes, so at 10 msg/s deleting every 100 ms wrote as much as
    /// the uplinks' own commits). An acknowledged row a crash catches before its delete is sent again: a duplicate
    /// under the same message id, at most a second's worth.
    /// Every minute: expires rows past the age bound, forgets dedup keys past the window, caps the quarantine.
    /// Stopped after the forwarder, so the acknowledgements of its last PUBACKs are applied before the process ends.
    /// </summary>
    public sealed class OutboxHousekeeping : BackgroundService
    {
        private static readonly TimeSpan DeleteInterval = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
        private readonly Outbox _outbox;
        private readonly Deduplicator _dedup;
        private readonly ClockCorrector _corrector;
        private readonly ILogger<OutboxHousekeeping> _log;
        private readonly long _windowMs;

        public OutboxHousekeeping(GatewayOptions options, Outbox outbox, Deduplicator dedup, ClockCorrector corrector, ILogger<OutboxHousekeeping> log)
        {
            _outbox = outbox;
            _dedup = dedup;
            _corrector = corrector;
            _log = log;
            _windowMs = options.Filters.DedupWindowHours * 3_600_000L;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            Stopwatch sincePrune = Stopwatch.StartNew();
            Prune();
            while (true)
            {
                try
                {
                    await Task.Delay(DeleteInterval, stop);
                }
                catch (OperationCanceledException)
                {
                    // One last round below, then out.
                }

                DeleteAcknowledged();
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (sincePrune.Elapsed >= PruneInterval)
                {
                    Prune();
                    sincePrune.Restart();
                }
            }
        }

        private void DeleteAcknowledged()
        {
            try
            {
                // A full batch means more are waiting (above 4,096 msg/s): delete on until the queue is short.
                while (_outbox.DeleteAcknowledged() == Outbox.DeleteBatch)
                {
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // The acknowledgements stay queued for the next round; after a crash meanwhile the rows are sent again:
                // a duplicate with the same message id, not a loss.
                _log.LogError("deleting forwarded rows failed: {Error}", e.Message);
            }
        }

        private void Prune()
        {
            // Receive times put right first; what is still uncorrected (the clock not read as synchronized yet) is spared.
            try
            {
                _corrector.Settle();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // The correction's own loop tries again; meanwhile the uncorrected rows are spared below.
                _log.LogError("correcting receive times before expiry failed: {Error}", e.Message);
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            try
            {
                _outbox.Prune(now, _windowMs, _corrector.OldestUnsettledId ?? long.MaxValue);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // A full disk, most likely: the next minute tries again. Thrown on, it would have stopped the host.
                _log.LogError("pruning the buffer failed: {Error}", e.Message);
            }

            _dedup.Prune(now);
        }
    }
}
