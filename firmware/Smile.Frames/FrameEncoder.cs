namespace Smile.Frames
{
    /// <summary>
    /// Encodes v1 frames into a caller-owned buffer. Never throws for bad input: every outcome is written to an
    /// <see cref="EncodeResult"/>. One encoder owns one scratch writer; reuse it to avoid allocation.
    /// </summary>
    public sealed class FrameEncoder
    {
        private readonly BitWriter _writer = new BitWriter();

        /// <summary>
        /// Writes <paramref name="frame"/> into buffer[offset..offset+maxBytes). Measurement frames take the longest
        /// run of samples that fits; <see cref="EncodeResult.SamplesTaken"/> says how many.
        /// </summary>
        public void Encode(Frame frame, byte[] buffer, int offset, int maxBytes, EncodeResult result)
        {
            if (frame.Sequence < 0 || frame.Sequence > FrameFormat.MaxSequence || frame.Boot < 0 || frame.Boot > FrameFormat.MaxBoot
                || frame.Type < 0 || frame.Type > 3)
            {
                result.Fail(FrameErrorCode.InvalidHeader, -1, -1, "sequence must be 0..4095, boot 0..15 and type 0..3");
                return;
            }

            if (frame.Type == FrameFormat.TypeMeasurement)
            {
                MeasurementWriter.Encode(_writer, frame, buffer, offset, maxBytes, result);
            }
            else if (frame.Type == FrameFormat.TypeStatus)
            {
                StatusWriter.Encode(_writer, frame, buffer, offset, maxBytes, result);
            }
            else if (frame.UnknownBody != null)
            {
                EncodeUnknownBody(frame, buffer, offset, maxBytes, result);
            }
            else
            {
                result.Fail(FrameErrorCode.UnknownFrameType, -1, -1, "frame type " + frame.Type.ToString() + " has no encoder and no kept body");
            }
        }

        /// <summary>Encodes into a new array of the exact length; null when the result holds an error.</summary>
        public byte[]? EncodeToArray(Frame frame, int maxBytes, EncodeResult result)
        {
            var scratch = new byte[maxBytes];
            Encode(frame, scratch, 0, maxBytes, result);
            if (!result.Ok)
            {
                return null;
            }

            var bytes = new byte[result.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = scratch[i];
            }

            return bytes;
        }

        internal static void WriteHeader(BitWriter writer, Frame frame, bool hasExtensions)
        {
            int header = (FrameFormat.Version << FrameFormat.ShiftVersion) | (frame.Type << FrameFormat.ShiftType);
            if (frame.ClockSynced)
            {
                header |= FrameFormat.FlagClockSynced;
            }

            if (hasExtensions)
            {
                header |= FrameFormat.FlagExtensions;
            }

            writer.WriteBits((uint)header, 8);
            writer.WriteBits((uint)frame.Sequence, 12);
            writer.WriteBits((uint)frame.Boot, 4);
        }

        private void EncodeUnknownBody(Frame frame, byte[] buffer, int offset, int maxBytes, EncodeResult result)
        {
            byte[] body = frame.UnknownBody!;
            _writer.Reset(buffer, offset, maxBytes);
            WriteHeader(_writer, frame, frame.UnknownBodyHasExtensions);
            for (int i = 0; i < body.Length; i++)
            {
                _writer.WriteBits(body[i], 8);
            }

            if (_writer.Overflow)
            {
                result.Fail(FrameErrorCode.BufferTooSmall, -1, -1, "the frame needs " + (3 + body.Length).ToString() + " bytes");
                return;
            }

            result.Succeed(_writer.ByteLength, 0);
        }
    }
}
