using System.Collections;

namespace Smile.Frames
{
    /// <summary>
    /// Reads the extension trailer: items of tag (1 byte), length (1 byte) and data, in ascending tag order.
    /// Known tags are decoded; unknown ones are kept as bytes with a warning, so older decoders skip newer items.
    /// </summary>
    internal static class ExtensionReader
    {
        public static void Read(BitReader reader, byte[] data, int offset, Frame frame, DecodeResult result)
        {
            var unknown = new ArrayList();
            int previousTag = 0;
            int items = 0;
            while (!reader.Failed && reader.RemainingBits > 0)
            {
                int start = reader.BitPosition;
                int tag = (int)reader.ReadBits(8, "an extension tag");
                int length = (int)reader.ReadBits(8, "the length of extension " + tag.ToString());
                if (reader.Failed)
                {
                    return;
                }

                if (tag <= previousTag)
                {
                    reader.Fail(FrameErrorCode.BadExtension, start, "extension tag " + tag.ToString()
                        + (tag == 0 ? " is reserved" : " follows tag " + previousTag.ToString() + "; tags must be unique and ascending"));
                    return;
                }

                if (length * 8 > reader.RemainingBits)
                {
                    reader.Fail(FrameErrorCode.Truncated, start, "extension " + tag.ToString() + " declares " + length.ToString()
                        + " bytes but " + (reader.RemainingBits / 8).ToString() + " remain");
                    return;
                }

                int dataStart = offset + reader.BytePosition;
                for (int i = 0; i < length; i++)
                {
                    reader.ReadBits(8, "extension data");
                }

                if (tag == FrameFormat.ExtensionRadar)
                {
                    ReadRadar(reader, data, dataStart, length, start, frame);
                }
                else
                {
                    var bytes = new byte[length];
                    for (int i = 0; i < length; i++)
                    {
                        bytes[i] = data[dataStart + i];
                    }

                    unknown.Add(new FrameExtension(tag, bytes));
                    result.AddWarning(new FrameWarning(FrameWarningCode.UnknownExtension, start >> 3, "extension tag "
                        + tag.ToString() + " is not known; its " + length.ToString() + " bytes were kept undecoded"));
                }

                previousTag = tag;
                items++;
            }

            if (!reader.Failed && items == 0)
            {
                reader.Fail(FrameErrorCode.NonCanonical, reader.BitPosition, "the extension flag is set but no extension follows");
            }

            var kept = new FrameExtension[unknown.Count];
            for (int i = 0; i < kept.Length; i++)
            {
                kept[i] = (FrameExtension)unknown[i]!;
            }

            frame.UnknownExtensions = kept;
        }

        private static void ReadRadar(BitReader reader, byte[] data, int at, int length, int start, Frame frame)
        {
            if (length != FrameFormat.RadarPayloadLength)
            {
                reader.Fail(FrameErrorCode.BadExtension, start, "the radar extension must be " + FrameFormat.RadarPayloadLength.ToString()
                    + " bytes, not " + length.ToString());
                return;
            }

            int state = data[at];
            if (state > RadarReport.MovingAndStationaryTarget)
            {
                reader.Fail(FrameErrorCode.BadExtension, start, "radar target state " + state.ToString() + " is not 0 to 3");
                return;
            }

            var radar = new RadarReport();
            radar.TargetState = state;
            radar.MovingDistanceCm = (data[at + 1] << 8) | data[at + 2];
            radar.StationaryDistanceCm = (data[at + 3] << 8) | data[at + 4];
            frame.Radar = radar;
        }
    }
}
