using System.Collections.Generic;

namespace Smile.Gateway.Buffer
{
    /// <summary>Everything one transaction writes: new outbox rows, quarantined inputs, dedup keys and counters.</summary>
    public sealed class CommitBatch
    {
        public List<StoredMessage> Messages { get; } = new List<StoredMessage>();

        /// <summary>
        /// Whether the receive times of this batch were stamped while the clock was unsynchronized (the ingest's
        /// <see cref="Health.ClockStamp"/>): the quality flag must say what the stamp was, also when a commit retried
        /// across the moment the clock synchronized. Null: the processor asks the clock.
        /// </summary>
        public bool? ClockUnsynchronized { get; init; }

        public List<QuarantineEntry> Quarantine { get; } = new List<QuarantineEntry>();

        public List<(string Node, int Boot, int Sequence, long AtMs)> SeenFrames { get; } = new List<(string, int, int, long)>();

        public Dictionary<(string Name, string Node), long> Counters { get; } = new Dictionary<(string, string), long>();

        public void Count(string name, string node, long delta = 1)
        {
            Counters.TryGetValue((name, node), out long value);
            Counters[(name, node)] = value + delta;
        }

        public bool IsEmpty => Messages.Count == 0 && Quarantine.Count == 0 && SeenFrames.Count == 0 && Counters.Count == 0;
    }

    /// <summary>An input the gateway could not use, with its raw bytes and the typed reason.</summary>
    public sealed record QuarantineEntry(long ReceivedMs, string Source, string Topic, string? Node, string Reason, int? Byte, string Message, byte[] Raw);
}
