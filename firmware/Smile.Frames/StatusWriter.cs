namespace Smile.Frames
{
    /// <summary>Writes a status frame; the layout mirrors <see cref="StatusReader"/>.</summary>
    internal static class StatusWriter
    {
        public static void Encode(BitWriter writer, Frame frame, byte[] buffer, int offset, int maxBytes, EncodeResult result)
        {
            NodeStatus? status = frame.Status;
            if (status == null)
            {
                result.Fail(FrameErrorCode.InvalidHeader, -1, -1, "a status frame needs a Status");
                return;
            }

            string problem = Validate(frame, status);
            string extensionProblem;
            int extensionBytes = ExtensionWriter.Size(frame, out extensionProblem);
            if (problem.Length > 0 || extensionBytes < 0)
            {
                result.Fail(problem.Length > 0 ? FrameErrorCode.ValueOutOfRange : FrameErrorCode.BadExtension, -1, -1,
                    problem.Length > 0 ? problem : extensionProblem);
                return;
            }

            writer.Reset(buffer, offset, maxBytes);
            FrameEncoder.WriteHeader(writer, frame, frame.HasExtensions);
            if (frame.ClockSynced)
            {
                writer.WriteBits((uint)frame.TransmitTime, 32);
            }

            writer.WriteBits((uint)status.FirmwareMajor, 8);
            writer.WriteBits((uint)status.FirmwareMinor, 8);
            writer.WriteBits((uint)status.FirmwarePatch, 8);
            writer.WriteBits((uint)status.ResetReason, 4);
            writer.WriteBit(status.HasLink);
            writer.WriteBit(status.HasBattery);
            writer.WriteBits((uint)status.ConfigVersion, 16);
            writer.WriteBits((uint)status.UptimeSeconds, 32);
            writer.WriteBits((uint)status.BufferedSamples, 16);
            writer.WriteBits((uint)status.DroppedSamples, 16);
            if (status.HasLink)
            {
                writer.WriteBits((uint)(-status.RssiDbm), 8);
                writer.WriteBits((uint)(status.SnrQuarterDb & 0xFF), 8);
            }

            if (status.HasBattery)
            {
                writer.WriteBits((uint)status.BatteryRaw, 8);
            }

            writer.AlignToByte();
            if (frame.HasExtensions)
            {
                ExtensionWriter.Write(writer, frame);
            }

            if (writer.Overflow)
            {
                result.Fail(FrameErrorCode.BufferTooSmall, -1, -1, "the status frame does not fit in " + maxBytes.ToString() + " bytes");
                return;
            }

            result.Succeed(writer.ByteLength, 0);
        }

        private static string Validate(Frame frame, NodeStatus s)
        {
            if (frame.ClockSynced && (frame.TransmitTime < 0 || frame.TransmitTime > uint.MaxValue))
            {
                return "the node's time must be a 32-bit Unix time";
            }

            if (!InRange(s.FirmwareMajor, 255) || !InRange(s.FirmwareMinor, 255) || !InRange(s.FirmwarePatch, 255))
            {
                return "firmware version parts must be 0..255";
            }

            if (!InRange(s.ResetReason, 15))
            {
                return "reset reason must be 0..15";
            }

            if (!InRange(s.ConfigVersion, 65535) || !InRange(s.BufferedSamples, 65535) || !InRange(s.DroppedSamples, 65535))
            {
                return "config version, buffered and dropped samples must be 0..65535";
            }

            if (s.UptimeSeconds < 0 || s.UptimeSeconds > uint.MaxValue)
            {
                return "uptime must fit 32 bits";
            }

            if (s.HasLink && (s.RssiDbm > 0 || s.RssiDbm < -255 || s.SnrQuarterDb < -128 || s.SnrQuarterDb > 127))
            {
                return "RSSI must be -255..0 dBm and SNR -127..127 quarter dB (or -128 for none)";
            }

            if (s.HasBattery && !InRange(s.BatteryRaw, Fields.MaxRaw(Fields.Battery)))
            {
                return "battery code must be 0..255";
            }

            return "";
        }

        private static bool InRange(int value, int max) => value >= 0 && value <= max;
    }
}
