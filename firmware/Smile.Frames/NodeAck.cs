namespace Smile.Frames
{
    /// <summary>
    /// The acknowledgement the gateway sends a Wi-Fi node (docs/frame-format-v1.md §12), 4 bytes: u12 sequence and
    /// u4 boot of the newest frame it holds (the same two bytes as header bytes 1 and 2 of that frame), then u16
    /// <c>held</c> with bit i (bit 0 = least significant) set when frame sequence − 1 − i (mod 4096) of the same boot
    /// is held too. The gateway encodes it, the node decodes it; golden vectors: tests/vectors/acks.json.
    /// Nothing here allocates: fields are read straight from the bytes.
    /// </summary>
    public static class NodeAck
    {
        /// <summary>Bytes of an acknowledgement.</summary>
        public const int Length = 4;

        /// <summary>Frames before the newest one that <c>held</c> can name.</summary>
        public const int HeldFrames = 16;

        public const int MaxSequence = 0xFFF;
        public const int MaxBoot = 0xF;
        public const int MaxHeld = 0xFFFF;

        /// <summary>The sequence number bit <paramref name="bit"/> of <c>held</c> stands for, after newest frame <paramref name="sequence"/>.</summary>
        public static int HeldSequence(int sequence, int bit) => (sequence - 1 - bit) & MaxSequence;

        /// <summary>
        /// Writes the 4 bytes at <paramref name="offset"/>. <see cref="FrameErrorCode.ValueOutOfRange"/> when a field
        /// does not fit its bits, <see cref="FrameErrorCode.BufferTooSmall"/> when the bytes do not fit; nothing is
        /// written then.
        /// </summary>
        public static FrameErrorCode Encode(int sequence, int boot, int held, byte[] into, int offset)
        {
            if (sequence < 0 || sequence > MaxSequence || boot < 0 || boot > MaxBoot || held < 0 || held > MaxHeld)
            {
                return FrameErrorCode.ValueOutOfRange;
            }

            if (into == null || offset < 0 || offset + Length > into.Length)
            {
                return FrameErrorCode.BufferTooSmall;
            }

            into[offset] = (byte)(sequence >> 4);
            into[offset + 1] = (byte)((sequence & 0xF) << 4 | boot);
            into[offset + 2] = (byte)(held >> 8);
            into[offset + 3] = (byte)held;
            return FrameErrorCode.None;
        }

        /// <summary>
        /// Whether <paramref name="length"/> bytes of <paramref name="ack"/> are an acknowledgement: every 4 bytes are,
        /// fewer are <see cref="FrameErrorCode.Truncated"/>, more are <see cref="FrameErrorCode.TrailingBytes"/>.
        /// </summary>
        public static FrameErrorCode Check(byte[] ack, int length)
        {
            if (ack == null || length < Length || length > ack.Length)
            {
                return FrameErrorCode.Truncated;
            }

            return length > Length ? FrameErrorCode.TrailingBytes : FrameErrorCode.None;
        }

        /// <summary>Sequence number of the newest frame held.</summary>
        public static int Sequence(byte[] ack) => ack[0] << 4 | ack[1] >> 4;

        /// <summary>Boot counter of the newest frame held; <c>held</c> speaks of this boot only.</summary>
        public static int Boot(byte[] ack) => ack[1] & 0x0F;

        /// <summary>Bit i set: frame <see cref="HeldSequence"/>(sequence, i) of the same boot is held too.</summary>
        public static int Held(byte[] ack) => ack[2] << 8 | ack[3];

        /// <summary>Whether the acknowledgement names the frame: its newest frame, or one of the 16 before it whose bit is set.</summary>
        public static bool Names(byte[] ack, int sequence, int boot)
        {
            if (Boot(ack) != boot)
            {
                return false;
            }

            int newest = Sequence(ack);
            if (newest == sequence)
            {
                return true;
            }

            int back = (newest - 1 - sequence) & MaxSequence;
            return back < HeldFrames && (Held(ack) & (1 << back)) != 0;
        }
    }
}
