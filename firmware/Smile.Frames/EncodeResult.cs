namespace Smile.Frames
{
    /// <summary>What <see cref="FrameEncoder"/> did: bytes written and samples taken, or why it wrote nothing.</summary>
    public sealed class EncodeResult
    {
        public bool Ok => Error == FrameErrorCode.None;

        public FrameErrorCode Error { get; private set; }

        public string ErrorMessage { get; private set; } = "";

        /// <summary>Index of the sample the error is about, or -1.</summary>
        public int ErrorSample { get; private set; }

        /// <summary>Field id the error is about, or -1.</summary>
        public int ErrorField { get; private set; }

        public int Length { get; private set; }

        /// <summary>How many samples, from the first, the frame carries; the caller sends the rest in later frames.</summary>
        public int SamplesTaken { get; private set; }

        internal void Succeed(int length, int samplesTaken)
        {
            Error = FrameErrorCode.None;
            ErrorMessage = "";
            ErrorSample = -1;
            ErrorField = -1;
            Length = length;
            SamplesTaken = samplesTaken;
        }

        internal void Fail(FrameErrorCode error, int sample, int field, string message)
        {
            Error = error;
            ErrorMessage = message;
            ErrorSample = sample;
            ErrorField = field;
            Length = 0;
            SamplesTaken = 0;
        }
    }
}
