using System.Collections;

namespace Smile.Frames
{
    /// <summary>
    /// What <see cref="FrameDecoder"/> returns for any input: a frame (possibly with warnings) or a typed error
    /// naming the problem and the byte where it starts.
    /// </summary>
    public sealed class DecodeResult
    {
        private readonly ArrayList _warnings = new ArrayList();

        public bool Ok => Error == FrameErrorCode.None;

        /// <summary>The decoded frame; null when <see cref="Ok"/> is false.</summary>
        public Frame? Frame { get; internal set; }

        public FrameErrorCode Error { get; internal set; }

        /// <summary>Offset from the first byte of the frame where the failing item starts.</summary>
        public int ErrorByte { get; internal set; }

        public string ErrorMessage { get; internal set; } = "";

        public string ErrorName => FrameErrorNames.Of(Error);

        public int WarningCount => _warnings.Count;

        public FrameWarning Warning(int index) => (FrameWarning)_warnings[index]!;

        internal void AddWarning(FrameWarning warning) => _warnings.Add(warning);
    }
}
