using System.Globalization;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The Pi firmware's throttling word, bit by bit as the Raspberry Pi documentation lists it for `vcgencmd
    /// get_throttled` (raspberrypi.com/documentation/computers/os.html, "get_throttled"): bits 0..3 are the state now,
    /// bits 16..19 the same conditions since boot.
    /// </summary>
    public readonly record struct ThrottledFlags(uint Bits)
    {
        public bool UnderVoltage => (Bits & 0x1) != 0;

        public bool FrequencyCapped => (Bits & 0x2) != 0;

        public bool Throttled => (Bits & 0x4) != 0;

        public bool SoftTemperatureLimit => (Bits & 0x8) != 0;

        public bool UnderVoltageSinceBoot => (Bits & 0x1_0000) != 0;

        public bool FrequencyCappedSinceBoot => (Bits & 0x2_0000) != 0;

        public bool ThrottledSinceBoot => (Bits & 0x4_0000) != 0;

        public bool SoftTemperatureLimitSinceBoot => (Bits & 0x8_0000) != 0;

        /// <summary>
        /// The sysfs file's text ("50005\n": the kernel prints it with "%x", no 0x) or vcgencmd's ("throttled=0x50005");
        /// null for anything else.
        /// </summary>
        public static ThrottledFlags? Parse(string text)
        {
            string hex = text.Trim();
            hex = hex.StartsWith("throttled=", System.StringComparison.Ordinal) ? hex.Substring(10) : hex;
            hex = hex.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) ? hex.Substring(2) : hex;
            return uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits) ? new ThrottledFlags(bits) : null;
        }

        public override string ToString() => "0x" + Bits.ToString("x", CultureInfo.InvariantCulture);
    }
}
