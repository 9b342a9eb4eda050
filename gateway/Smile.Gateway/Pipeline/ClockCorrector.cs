using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Health;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// Puts right the receive times of what the gateway still holds once its clock synchronizes. The ingest tells it
    /// which rows it stamped while the clock was unsynchronized, as runs of consecutive ids with the clock's offset
    /// from the monotonic clock then (<see cref="ClockStamp"/>); once the clock is synchronized, each run's step is
    /// the offset now minus its own, exact however long the platform was away. Steps of at least
    /// <see cref="MinStepMs"/> move the held rows (<see cref="Outbox.CorrectReceivedTimes"/>); rows forwarded before
    /// keep gateway_clock_unsynced, and are counted. The runs live in memory only: after a restart the monotonic
    /// clock's link to the old stamps is gone, and rows stamped before it stay flagged, uncorrected, not guessed at.
    /// </summary>
    public sealed class ClockCorrector : BackgroundService
    {
        /// <summary>
        /// Smaller steps are left alone: NTP slews them away, and reading the two clocks one after the other under load
        /// can differ by milliseconds.
        /// </summary>
        public const long MinStepMs = 1000;

        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
        private readonly GatewayClock _clock;
        private readonly Outbox _outbox;
        private readonly TimeProvider _time;
        private readonly ILogger<ClockCorrector> _log;
        private readonly object _lock = new object();
        private readonly object _settling = new object();
        private readonly List<(long FirstId, long LastId, long OffsetMs)> _runs = new List<(long, long, long)>();
        private long _corrections;
        private long _correctedRows;
        private long _uncorrectedRows;
        private long? _lastStepMs;

        public ClockCorrector(GatewayClock clock, Outbox outbox, TimeProvider time, ILogger<ClockCorrector> log)
        {
            _clock = clock;
            _outbox = outbox;
            _time = time;
            _log = log;
        }

        /// <summary>Corrections made since start (one per synchronization that found a step to put right).</summary>
        public long Corrections => Interlocked.Read(ref _corrections);

        /// <summary>Held rows whose receive time was corrected since start.</summary>
        public long CorrectedRows => Interlocked.Read(ref _correctedRows);

        /// <summary>Rows stamped while unsynchronized that were no longer held (or in flight) when the step became known.</summary>
        public long UncorrectedRows => Interlocked.Read(ref _uncorrectedRows);

        /// <summary>The step of the last correction, in milliseconds; null before the first.</summary>
        public long? LastStepMs
        {
            get
            {
                lock (_lock)
                {
                    return _lastStepMs;
                }
            }
        }

        /// <summary>A step as people read it: signed, in seconds, hours or days.</summary>
        public static string Describe(long stepMs)
        {
            double seconds = Math.Abs(stepMs) / 1000.0;
            string sign = stepMs < 0 ? "-" : "+";
            return sign + (seconds >= 86_400 ? (seconds / 86_400).ToString("0.##", CultureInfo.InvariantCulture) + " days"
                : seconds >= 3_600 ? (seconds / 3_600).ToString("0.##", CultureInfo.InvariantCulture) + " hours"
                : seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s");
        }

        /// <summary>
        /// After the ingest committed a batch stamped with <paramref name="stamp"/>: remembers its rows when the clock was
        /// unsynchronized. A batch's rows have consecutive ids (one transaction, one writer); a run grows while batches
        /// follow each other at the same offset, so there are about as many runs as clock steps, plus one per
        /// interleaved commit of another writer (the TTS gap filler, whose times are TTS's and need no correction).
        /// </summary>
        public void Committed(List<long> ids, ClockStamp stamp)
        {
            if (!stamp.Unsynchronized || ids.Count == 0)
            {
                return;
            }

            lock (_lock)
            {
                if (_runs.Count > 0 && _runs[^1] is var run && run.LastId == ids[0] - 1 && Math.Abs(run.OffsetMs - stamp.OffsetMs) < MinStepMs)
                {
                    _runs[^1] = (run.FirstId, ids[^1], run.OffsetMs);
                }
                else
                {
                    _runs.Add((ids[0], ids[^1], stamp.OffsetMs));
                }
            }
        }

        /// <summary>
        /// When the clock is synchronized and rows were stamped while it was not: corrects those still held, in one
        /// transaction, and says so. Runs a store failure leaves are tried again on the next call.
        /// </summary>
        public void Settle()
        {
            // The loop and the housekeeping (before it expires rows) both settle: one at a time, or both would move the
            // same rows.
            lock (_settling)
            {
                SettleRuns();
            }
        }

        /// <summary>
        /// The oldest row stamped while the clock was unsynchronized that no correction has looked at yet; null when
        /// there is none. Its age is not known until the step is: rows from it on must not expire by age meanwhile (after
        /// a Pi was off for weeks, the step makes every held row look weeks old until it is corrected).
        /// </summary>
        public long? OldestUnsettledId
        {
            get
            {
                lock (_lock)
                {
                    return _runs.Count > 0 ? _runs[0].FirstId : null;
                }
            }
        }

        private void SettleRuns()
        {
            if (_clock.State != ClockSyncState.Synchronized)
            {
                return;
            }

            List<(long FirstId, long LastId, long OffsetMs)> runs;
            lock (_lock)
            {
                if (_runs.Count == 0)
                {
                    return;
                }

                runs = new List<(long, long, long)>(_runs);
            }

            long offsetNow = _clock.Stamp().OffsetMs;
            var steps = runs.Select(r => (r.FirstId, r.LastId, StepMs: offsetNow - r.OffsetMs)).Where(r => Math.Abs(r.StepMs) >= MinStepMs).ToList();
            int[] corrected = steps.Count > 0 ? _outbox.CorrectReceivedTimes(steps) : Array.Empty<int>();
            lock (_lock)
            {
                // The ingest may have appended runs meanwhile, or grown the last one copied here (a batch stamped before
                // the sync and committed during this call): what was not corrected waits for the next call.
                var lastCopied = runs[^1];
                var lastNow = _runs[runs.Count - 1];
                _runs.RemoveRange(0, runs.Count);
                if (lastNow.LastId > lastCopied.LastId)
                {
                    _runs.Insert(0, (lastCopied.LastId + 1, lastNow.LastId, lastNow.OffsetMs));
                }
            }

            if (steps.Count == 0)
            {
                _log.LogInformation("the clock is synchronized; it moved less than {Min} ms while unsynchronized, so the receive times stand", MinStepMs);
                return;
            }

            // Usually one step; more when the clock was also set while unsynchronized (each run is moved by its own).
            foreach (var group in steps.Select((s, i) => (s.StepMs, Rows: s.LastId - s.FirstId + 1, Corrected: corrected[i])).GroupBy(s => s.StepMs))
            {
                long held = group.Sum(s => s.Corrected), left = group.Sum(s => s.Rows - s.Corrected);
                Interlocked.Add(ref _correctedRows, held);
                Interlocked.Add(ref _uncorrectedRows, left);
                _log.LogWarning("the clock synchronized with a step of {Step} ({StepMs} ms): moved the receive times of {Corrected} held messages by it "
                    + "(quality gateway_clock_corrected); {Left} stamped while it was unsynchronized had been forwarded or given up already and keep gateway_clock_unsynced",
                    Describe(group.Key), group.Key, held, left);
            }

            lock (_lock)
            {
                _lastStepMs = steps[^1].StepMs;
            }

            Interlocked.Increment(ref _corrections);
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(Interval, _time, stop);
                    try
                    {
                        Settle();
                    }
                    catch (Microsoft.Data.Sqlite.SqliteException e)
                    {
                        _log.LogError("correcting receive times after the clock synchronized failed, retrying: {Error}", e.Message);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping.
            }
        }
    }
}
