namespace Smile.Frames
{
    /// <summary>Something a decoder met and skipped without losing the rest of the frame.</summary>
    public enum FrameWarningCode
    {
        UnknownFrameType = 1,
        UnknownExtension = 2,
        UnknownResetReason = 3,
    }

    public sealed class FrameWarning
    {
        public FrameWarning(FrameWarningCode code, int byteOffset, string message)
        {
            Code = code;
            ByteOffset = byteOffset;
            Message = message;
        }

        public FrameWarningCode Code { get; }

        /// <summary>Offset from the first byte of the frame where the skipped part starts.</summary>
        public int ByteOffset { get; }

        public string Message { get; }

        public string Name
        {
            get
            {
                switch (Code)
                {
                    case FrameWarningCode.UnknownFrameType: return "unknown_frame_type";
                    case FrameWarningCode.UnknownExtension: return "unknown_extension";
                    case FrameWarningCode.UnknownResetReason: return "unknown_reset_reason";
                    default: return "warning_" + ((int)Code).ToString();
                }
            }
        }
    }
}
