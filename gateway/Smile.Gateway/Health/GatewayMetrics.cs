using System;
using System.Threading;

namespace Smile.Gateway.Health
{
    /// <summary>Figures of the running gateway that are not in the store: traffic since start, heartbeats, readiness.</summary>
    public sealed class GatewayMetrics
    {
        private long _messagesIn;
        private long _messagesOut;
        private long _commits;
        private long _commitFailures;
        private readonly TimeProvider _time;
        private long _ingestBeat;
        private long _forwarderBeat;

        /// <summary>
        /// The heartbeats are monotonic timestamps of <paramref name="time"/>: the wall clock steps when the Pi first
        /// syncs it, and a step back of months made a stuck loop look alive (and the systemd watchdog go on being fed)
        /// for as long.
        /// </summary>
        public GatewayMetrics(TimeProvider time)
        {
            _time = time;
            _ingestBeat = _forwarderBeat = time.GetTimestamp();
        }

        public long MessagesIn => Interlocked.Read(ref _messagesIn);

        public long MessagesOut => Interlocked.Read(ref _messagesOut);

        public long Commits => Interlocked.Read(ref _commits);

        public long CommitFailures => Interlocked.Read(ref _commitFailures);

        public string? LastCommitError { get; set; }

        /// <summary>Where the ingest loop is: when it is stuck, this says where.</summary>
        public string IngestPhase { get; set; } = "starting";

        public bool CommitFailing { get; set; }

        public void Received(int count) => Interlocked.Add(ref _messagesIn, count);

        public void Forwarded(int count) => Interlocked.Add(ref _messagesOut, count);

        public void Committed() => Interlocked.Increment(ref _commits);

        public void CommitFailed() => Interlocked.Increment(ref _commitFailures);

        public void IngestBeat() => Interlocked.Exchange(ref _ingestBeat, _time.GetTimestamp());

        public void ForwarderBeat() => Interlocked.Exchange(ref _forwarderBeat, _time.GetTimestamp());

        public TimeSpan SinceIngestBeat => _time.GetElapsedTime(Interlocked.Read(ref _ingestBeat));

        public TimeSpan SinceForwarderBeat => _time.GetElapsedTime(Interlocked.Read(ref _forwarderBeat));
    }
}
