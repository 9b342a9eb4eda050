namespace Smile.Frames
{
    /// <summary>Health of a node, sent in a status frame after boot and every few cycles.</summary>
    public sealed class NodeStatus
    {
        /// <summary>Value of <see cref="SnrQuarterDb"/> meaning the link reports no SNR (Wi-Fi).</summary>
        public const int NoSnr = -128;

        public int FirmwareMajor { get; set; }
        public int FirmwareMinor { get; set; }
        public int FirmwarePatch { get; set; }

        /// <summary>One of <see cref="ResetReason"/> (0 to 15).</summary>
        public int ResetReason { get; set; }

        /// <summary>Version of the node's configuration document (0 to 65535).</summary>
        public int ConfigVersion { get; set; }

        /// <summary>Seconds since the last reset, deep sleep included.</summary>
        public long UptimeSeconds { get; set; }

        /// <summary>Samples waiting in the node's buffer (0 to 65535).</summary>
        public int BufferedSamples { get; set; }

        /// <summary>Samples dropped since boot because the buffer was full; saturates at 65535.</summary>
        public int DroppedSamples { get; set; }

        public bool HasLink { get; set; }

        /// <summary>RSSI of the last link exchange in dBm (-255 to 0).</summary>
        public int RssiDbm { get; set; }

        /// <summary>SNR of the last link exchange in 0.25 dB (-127 to 127), or <see cref="NoSnr"/>.</summary>
        public int SnrQuarterDb { get; set; }

        public bool HasBattery { get; set; }

        /// <summary>Battery voltage as a raw code of <see cref="Fields.Battery"/>.</summary>
        public int BatteryRaw { get; set; }
    }
}
