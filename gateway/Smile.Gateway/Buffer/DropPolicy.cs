using System.Collections.Generic;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// Which rows the buffer gives up at its bounds (README, "The buffer's bounds"), and under which counter each is
    /// counted per node. When the whole is past Buffer:MaxBytes the oldest measurements go first, then the oldest dead
    /// letters, and status frames last. Dead letters alone may fill a quarter: one node sending garbage evicts its own
    /// dead letters, not the other nodes' measurements. Rows past Buffer:MaxAgeDays expire. The quarantine, kept for
    /// inspection only, is bounded apart. A row in flight is never given up (the <see cref="Outbox"/> says which are).
    /// </summary>
    public sealed class DropPolicy
    {
        public const string DroppedFull = "dropped_buffer_full";
        public const string DroppedExpired = "dropped_expired";
        public const string DeadLettersDropped = "dead_letters_dropped";
        public const string QuarantineEvicted = "quarantine_evicted";

        private const long DayMs = 86_400_000L;
        private readonly BufferSettings _settings;

        public DropPolicy(BufferSettings settings) => _settings = settings;

        public long MaxBytes => _settings.MaxBytes;

        public long MaxDeadLetterBytes => _settings.MaxBytes / 4;

        /// <summary>A sixteenth of the buffer's bound (16 MiB of the default 256).</summary>
        public long MaxQuarantineBytes => _settings.MaxBytes / 16;

        public long MaxQuarantineRows => _settings.MaxQuarantineRows;

        /// <summary>The order in which kinds make room when the whole buffer is past its bound.</summary>
        public IReadOnlyList<MessageKind> EvictionOrder { get; } = new[] { MessageKind.Measurement, MessageKind.DeadLetter, MessageKind.Status };

        /// <summary>Every kind, in the order they expire (the order does not matter: each goes by its age alone).</summary>
        public IReadOnlyList<MessageKind> Kinds { get; } = new[] { MessageKind.Measurement, MessageKind.Status, MessageKind.DeadLetter };

        /// <summary>Rows received before this expire.</summary>
        public long ExpiredBefore(long nowMs) => nowMs - _settings.MaxAgeDays * DayMs;

        /// <summary>A dead letter is counted as a dead letter lost, whatever the reason: it never was a delivered reading.</summary>
        public static string EvictedCounter(MessageKind kind) => kind == MessageKind.DeadLetter ? DeadLettersDropped : DroppedFull;

        public static string ExpiredCounter(MessageKind kind) => kind == MessageKind.DeadLetter ? DeadLettersDropped : DroppedExpired;
    }
}
