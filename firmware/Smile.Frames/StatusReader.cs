namespace Smile.Frames
{
    /// <summary>Reads the body of a status frame.</summary>
    internal static class StatusReader
    {
        public static void Read(BitReader reader, Frame frame, DecodeResult result)
        {
            if (frame.ClockSynced)
            {
                frame.TransmitTime = reader.ReadBits(32, "the node's time");
            }

            var status = new NodeStatus();
            status.FirmwareMajor = (int)reader.ReadBits(8, "the firmware version");
            status.FirmwareMinor = (int)reader.ReadBits(8, "the firmware version");
            status.FirmwarePatch = (int)reader.ReadBits(8, "the firmware version");
            int reasonStart = reader.BitPosition;
            status.ResetReason = (int)reader.ReadBits(4, "the reset reason");
            status.HasLink = reader.ReadBit("the link flag");
            status.HasBattery = reader.ReadBit("the battery flag");
            status.ConfigVersion = (int)reader.ReadBits(16, "the config version");
            status.UptimeSeconds = reader.ReadBits(32, "the uptime");
            status.BufferedSamples = (int)reader.ReadBits(16, "the buffer fill");
            status.DroppedSamples = (int)reader.ReadBits(16, "the dropped-sample count");
            if (status.HasLink)
            {
                status.RssiDbm = -(int)reader.ReadBits(8, "the RSSI");
                int snr = (int)reader.ReadBits(8, "the SNR");
                status.SnrQuarterDb = snr >= 128 ? snr - 256 : snr;
            }
            else
            {
                status.SnrQuarterDb = NodeStatus.NoSnr;
            }

            if (status.HasBattery)
            {
                status.BatteryRaw = (int)reader.ReadBits(8, "the battery voltage");
            }

            if (!reader.Failed && status.ResetReason > ResetReason.MaxDefined)
            {
                result.AddWarning(new FrameWarning(FrameWarningCode.UnknownResetReason, reasonStart >> 3,
                    "reset reason " + status.ResetReason.ToString() + " is not known; kept as a number"));
            }

            frame.Status = status;
        }
    }
}
