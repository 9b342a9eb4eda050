namespace Smile.Frames
{
    /// <summary>
    /// Constants of the Smile frame format v1 (docs/frame-format-v1.md). Everything a decoder in another language
    /// needs is in that document; the numbers here are the same numbers.
    /// </summary>
    public static class FrameFormat
    {
        public const int Version = 1;

        public const int TypeMeasurement = 0;
        public const int TypeStatus = 1;

        /// <summary>Largest sequence number; the counter wraps to 0 after it.</summary>
        public const int MaxSequence = 4095;

        /// <summary>Largest boot counter value; the counter wraps to 0 after it.</summary>
        public const int MaxBoot = 15;

        /// <summary>Most samples one measurement frame may carry.</summary>
        public const int MaxSamples = 255;

        /// <summary>Application payload limit of LoRaWAN EU868 at DR0 to DR2: the size every node can always send.</summary>
        public const int LoRaWanMinimumPayload = 51;

        /// <summary>Header bits: 3 version, 2 type, 1 clock-synced, 1 extensions, 1 reserved, 12 sequence, 4 boot.</summary>
        public const int HeaderBits = 24;

        /// <summary>Extension tag of the radar (LD2410) report; its payload is 5 bytes.</summary>
        public const int ExtensionRadar = 1;
        public const int RadarPayloadLength = 5;

        internal const int ShiftVersion = 5;
        internal const int ShiftType = 3;
        internal const int FlagClockSynced = 0x04;
        internal const int FlagExtensions = 0x02;
        internal const int FlagReserved = 0x01;
    }
}
