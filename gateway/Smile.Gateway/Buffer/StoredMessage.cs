namespace Smile.Gateway.Buffer
{
    public enum MessageKind
    {
        Measurement = 0,
        Status = 1,
        DeadLetter = 2,
    }

    /// <summary>
    /// One row of the outbox: a committed frame (or dead letter) waiting for the upstream broker's PUBACK. The frame is
    /// kept as the node sent it, a few bytes, and rendered to JSON when forwarded: fewer bytes written to the SD card.
    /// </summary>
    public sealed record StoredMessage(long Id, MessageKind Kind, string Node, long ReceivedMs, string Meta, byte[] Frame)
    {
        /// <summary>Bytes the row costs against the buffer's bound (data plus SQLite's per-row overhead, roughly).</summary>
        public long Size => Frame.Length + Meta.Length + Node.Length + 32;

        /// <summary>
        /// Messages the row becomes upstream, when whoever made it decoded the frame already (the processor): the store
        /// then need not decode it a second time. Null: the store counts them itself.
        /// </summary>
        public int? Samples { get; init; }

        /// <summary>
        /// The frame's dedup key (boot, sequence), written with the row and kept as a seen key when the row goes (see
        /// <see cref="Schema.DedupKeysInOutbox"/>); null for a row without one (a dead letter). Not read back.
        /// </summary>
        public (int Boot, int Sequence)? DedupKey { get; init; }
    }
}
