namespace Smile.Frames
{
    /// <summary>Why a frame could not be decoded or encoded. Names are stable: tools and the JSON output use them.</summary>
    public enum FrameErrorCode
    {
        None = 0,
        Truncated = 1,
        UnknownVersion = 2,
        ReservedBitSet = 3,
        NonZeroPadding = 4,
        NonCanonical = 5,
        EmptyFieldSet = 6,
        TooManySamples = 7,
        MalformedCode = 8,
        ValueOutOfRange = 9,
        BadBatchDelta = 10,
        BadExtension = 11,
        TrailingBytes = 12,

        // Encoder only.
        InvalidHeader = 20,
        NoSamples = 21,
        BufferTooSmall = 22,
        UnknownFrameType = 23,
    }

    /// <summary>Stable names of <see cref="FrameErrorCode"/> (nanoFramework's Enum.ToString gives only the number).</summary>
    public static class FrameErrorNames
    {
        public static string Of(FrameErrorCode code)
        {
            switch (code)
            {
                case FrameErrorCode.None: return "none";
                case FrameErrorCode.Truncated: return "truncated";
                case FrameErrorCode.UnknownVersion: return "unknown_version";
                case FrameErrorCode.ReservedBitSet: return "reserved_bit_set";
                case FrameErrorCode.NonZeroPadding: return "nonzero_padding";
                case FrameErrorCode.NonCanonical: return "non_canonical";
                case FrameErrorCode.EmptyFieldSet: return "empty_field_set";
                case FrameErrorCode.TooManySamples: return "too_many_samples";
                case FrameErrorCode.MalformedCode: return "malformed_code";
                case FrameErrorCode.ValueOutOfRange: return "value_out_of_range";
                case FrameErrorCode.BadBatchDelta: return "bad_batch_delta";
                case FrameErrorCode.BadExtension: return "bad_extension";
                case FrameErrorCode.TrailingBytes: return "trailing_bytes";
                case FrameErrorCode.InvalidHeader: return "invalid_header";
                case FrameErrorCode.NoSamples: return "no_samples";
                case FrameErrorCode.BufferTooSmall: return "buffer_too_small";
                case FrameErrorCode.UnknownFrameType: return "unknown_frame_type";
                default: return "error_" + ((int)code).ToString();
            }
        }
    }
}
