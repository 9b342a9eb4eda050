namespace Smile.Frames
{
    /// <summary>
    /// Decodes v1 frames. Never throws on any input: every outcome is a <see cref="DecodeResult"/>, either a frame
    /// (with warnings for parts it skipped) or a typed error with the byte where the problem starts.
    /// </summary>
    public static class FrameDecoder
    {
        public static DecodeResult Decode(byte[] data) => Decode(data, 0, data.Length);

        public static DecodeResult Decode(byte[] data, int offset, int length)
        {
            var result = new DecodeResult();
            var reader = new BitReader();
            reader.Reset(data, offset, length);
            var frame = new Frame();

            if (length == 0)
            {
                reader.Fail(FrameErrorCode.Truncated, 0, "the frame is empty");
                return Finish(result, reader, null);
            }

            int header = (int)reader.ReadBits(8, "the header");
            int version = header >> FrameFormat.ShiftVersion;
            if (version != FrameFormat.Version)
            {
                reader.Fail(FrameErrorCode.UnknownVersion, 0, "format version " + version.ToString() + " is not known; this decoder reads version 1");
                return Finish(result, reader, null);
            }

            if ((header & FrameFormat.FlagReserved) != 0)
            {
                reader.Fail(FrameErrorCode.ReservedBitSet, 0, "the reserved bit 0 of the header byte is set");
                return Finish(result, reader, null);
            }

            frame.Type = (header >> FrameFormat.ShiftType) & 3;
            frame.ClockSynced = (header & FrameFormat.FlagClockSynced) != 0;
            bool hasExtensions = (header & FrameFormat.FlagExtensions) != 0;
            frame.Sequence = (int)reader.ReadBits(12, "the sequence number");
            frame.Boot = (int)reader.ReadBits(4, "the boot counter");
            if (reader.Failed)
            {
                return Finish(result, reader, null);
            }

            if (frame.Type == FrameFormat.TypeMeasurement)
            {
                MeasurementReader.Read(reader, frame);
            }
            else if (frame.Type == FrameFormat.TypeStatus)
            {
                StatusReader.Read(reader, frame, result);
            }
            else
            {
                KeepUnknownBody(data, offset, length, frame, hasExtensions, result);
                return Finish(result, reader, frame);
            }

            ReadPadding(reader);
            if (hasExtensions)
            {
                ExtensionReader.Read(reader, data, offset, frame, result);
            }
            else if (!reader.Failed && reader.RemainingBits > 0)
            {
                reader.Fail(FrameErrorCode.TrailingBytes, reader.BitPosition, (reader.RemainingBits / 8).ToString()
                    + " bytes follow the end of the frame and the extension flag is not set");
            }

            return Finish(result, reader, frame);
        }

        private static void KeepUnknownBody(byte[] data, int offset, int length, Frame frame, bool hasExtensions, DecodeResult result)
        {
            int headerBytes = FrameFormat.HeaderBits / 8;
            var body = new byte[length - headerBytes];
            for (int i = 0; i < body.Length; i++)
            {
                body[i] = data[offset + headerBytes + i];
            }

            frame.UnknownBody = body;
            frame.UnknownBodyHasExtensions = hasExtensions;
            result.AddWarning(new FrameWarning(FrameWarningCode.UnknownFrameType, headerBytes, "frame type "
                + frame.Type.ToString() + " is not known; its " + body.Length.ToString() + " body bytes were kept undecoded"));
        }

        private static void ReadPadding(BitReader reader)
        {
            int start = reader.BitPosition;
            int padding = (8 - (start & 7)) & 7;
            if (reader.ReadBits(padding, "the padding") != 0)
            {
                reader.Fail(FrameErrorCode.NonZeroPadding, start, "the " + padding.ToString() + " padding bits after the body are not zero");
            }
        }

        private static DecodeResult Finish(DecodeResult result, BitReader reader, Frame? frame)
        {
            if (reader.Failed)
            {
                result.Error = reader.Error;
                result.ErrorByte = reader.ErrorByte;
                result.ErrorMessage = "byte " + reader.ErrorByte.ToString() + ": " + reader.ErrorMessage;
                result.Frame = null;
            }
            else
            {
                result.Frame = frame;
            }

            return result;
        }
    }
}
