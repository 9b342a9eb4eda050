using System;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// When a batch of the group commit stops gathering (IngestService.GatherAsync). A commit costs about the same
    /// whatever it holds, so a batch waits for company, but only as long as sensor data tolerates: up to
    /// Buffer:CommitDelayMilliseconds after the previous commit began (after a quiet spell that is already past, so a
    /// lone message goes at once), and not at all once Buffer:CommitTargetMessages are in. What is already queued joins
    /// whatever the window says, up to Buffer:CommitBatchSize: the caller drains before it asks. Times are monotonic
    /// milliseconds (Environment.TickCount64): the wall clock steps when it syncs, and a step back would hold a batch for
    /// its length.
    /// </summary>
    public sealed class CommitWindow
    {
        private readonly int _delayMilliseconds;
        private readonly int _target;
        private long _lastCloseMs = long.MinValue / 2;

        public CommitWindow(BufferSettings settings)
        {
            _delayMilliseconds = settings.CommitDelayMilliseconds;
            _target = Math.Min(settings.CommitTargetMessages, settings.CommitBatchSize); // a smaller batch size caps it
        }

        /// <summary>Until when the open batch may wait for more, in monotonic milliseconds.</summary>
        public long DeadlineMs => _lastCloseMs + _delayMilliseconds;

        /// <summary>Whether a batch of count messages, with nothing more queued, waits for more at nowMs.</summary>
        public bool Waits(int count, long nowMs) => count < _target && nowMs < DeadlineMs;

        /// <summary>
        /// The batch goes to its commit at now: the next deadline counts from here, not from this batch's deadline, so a
        /// batch that closed early on its target does not push the next one's wait further out.
        /// </summary>
        public void Close(long nowMs) => _lastCloseMs = nowMs;
    }
}
