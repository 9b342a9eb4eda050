namespace Smile.Frames
{
    /// <summary>Why the node last started, as carried in the status frame (4 bits; 9 to 15 are reserved).</summary>
    public static class ResetReason
    {
        public const int Unknown = 0;
        public const int PowerOn = 1;
        public const int ExternalPin = 2;
        public const int Software = 3;
        public const int Exception = 4;
        public const int Watchdog = 5;
        public const int Brownout = 6;
        public const int DeepSleepWake = 7;
        public const int FirmwareUpdate = 8;

        public const int MaxDefined = FirmwareUpdate;

        private static readonly string[] NamesByCode =
        {
            "unknown", "power_on", "external_pin", "software", "exception", "watchdog", "brownout",
            "deep_sleep_wake", "firmware_update",
        };

        public static string Name(int code) => code >= 0 && code <= MaxDefined ? NamesByCode[code] : "reserved_" + code.ToString();
    }
}
