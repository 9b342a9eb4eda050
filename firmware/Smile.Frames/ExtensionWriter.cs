namespace Smile.Frames
{
    /// <summary>Writes the extension trailer (radar first, then kept unknown items) after the body.</summary>
    internal static class ExtensionWriter
    {
        /// <summary>Bytes the trailer takes, or -1 when an item cannot be written (the message says why).</summary>
        public static int Size(Frame frame, out string problem)
        {
            problem = "";
            int size = 0;
            int previousTag = 0;
            if (frame.Radar != null)
            {
                RadarReport radar = frame.Radar;
                if (radar.TargetState < 0 || radar.TargetState > RadarReport.MovingAndStationaryTarget
                    || radar.MovingDistanceCm < 0 || radar.MovingDistanceCm > 65535
                    || radar.StationaryDistanceCm < 0 || radar.StationaryDistanceCm > 65535)
                {
                    problem = "radar state must be 0..3 and distances 0..65535 cm";
                    return -1;
                }

                size += 2 + FrameFormat.RadarPayloadLength;
                previousTag = FrameFormat.ExtensionRadar;
            }

            for (int i = 0; i < frame.UnknownExtensions.Length; i++)
            {
                FrameExtension item = frame.UnknownExtensions[i];
                if (item.Tag <= previousTag || item.Tag > 255 || item.Data.Length > 255)
                {
                    problem = "extension tags must be ascending, above " + previousTag.ToString() + " and at most 255, with at most 255 bytes each";
                    return -1;
                }

                size += 2 + item.Data.Length;
                previousTag = item.Tag;
            }

            return size;
        }

        public static void Write(BitWriter writer, Frame frame)
        {
            writer.AlignToByte();
            if (frame.Radar != null)
            {
                RadarReport radar = frame.Radar;
                writer.WriteBits(FrameFormat.ExtensionRadar, 8);
                writer.WriteBits(FrameFormat.RadarPayloadLength, 8);
                writer.WriteBits((uint)radar.TargetState, 8);
                writer.WriteBits((uint)radar.MovingDistanceCm, 16);
                writer.WriteBits((uint)radar.StationaryDistanceCm, 16);
            }

            for (int i = 0; i < frame.UnknownExtensions.Length; i++)
            {
                FrameExtension item = frame.UnknownExtensions[i];
                writer.WriteBits((uint)item.Tag, 8);
                writer.WriteBits((uint)item.Data.Length, 8);
                for (int j = 0; j < item.Data.Length; j++)
                {
                    writer.WriteBits(item.Data[j], 8);
                }
            }
        }
    }
}
