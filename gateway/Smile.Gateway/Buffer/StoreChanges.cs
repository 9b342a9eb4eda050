using System.Collections.Generic;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// What one transaction changes in the store's in-memory figures. Gathered while the transaction runs and applied
    /// only after it committed: a rolled-back transaction leaves the byte bound and the drop counters as they were.
    /// </summary>
    internal sealed class StoreChanges
    {
        public long Bytes;
        public long Rows;
        public long Samples;
        public long DeadLetterBytes;
        public long QuarantineRows;
        public long QuarantineBytes;

        public Dictionary<(string Name, string Node), long> Counters { get; } = new Dictionary<(string, string), long>();

        public void Count(string name, string node, long delta)
        {
            Counters.TryGetValue((name, node), out long value);
            Counters[(name, node)] = value + delta;
        }

        public void Row(MessageKind kind, long bytes, long samples, int sign)
        {
            Bytes += sign * bytes;
            Rows += sign;
            Samples += sign * samples;
            if (kind == MessageKind.DeadLetter)
            {
                DeadLetterBytes += sign * bytes;
            }
        }
    }
}
