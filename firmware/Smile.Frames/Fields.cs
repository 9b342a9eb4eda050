using System;

namespace Smile.Frames
{
    /// <summary>
    /// The readings a v1 measurement frame can carry, by field id. Each field has a fixed width in the first sample
    /// of a frame and a coding for later samples. Physical value = (raw × StepNumerator + OffsetNumerator) /
    /// StepDenominator, except gas resistance, which is logarithmic. docs/frame-format-v1.md gives the reasons for
    /// each resolution and range.
    /// </summary>
    public static class Fields
    {
        public const int Temperature = 0;
        public const int Humidity = 1;
        public const int Pressure = 2;
        public const int Presence = 3;
        public const int MotionCount = 4;
        public const int Battery = 5;
        public const int GasResistance = 6;
        public const int Co2 = 7;
        public const int Pm2_5 = 8;
        public const int Pm10 = 9;

        /// <summary>Number of fields v1 defines; field ids run from 0 to Count - 1.</summary>
        public const int Count = 10;

        /// <summary>Temperature, humidity, pressure, presence, motion count and battery: what a standard node sends.</summary>
        public const int StandardSet = (1 << Temperature) | (1 << Humidity) | (1 << Pressure) | (1 << Presence)
            | (1 << MotionCount) | (1 << Battery);

        public const int AllFields = (1 << Count) - 1;

        /// <summary>Later samples carry the signed difference to the sample before.</summary>
        public const int CodingDelta = 0;

        /// <summary>Later samples carry the value itself, unsigned Exp-Golomb coded (counts per interval).</summary>
        public const int CodingCount = 1;

        /// <summary>Later samples carry the single bit itself.</summary>
        public const int CodingFlag = 2;

        private static readonly string[] NamesById =
        {
            "temperature_c", "humidity_pct", "pressure_hpa", "presence", "motion_count", "battery_v",
            "gas_resistance_ohm", "co2_ppm", "pm2_5_ugm3", "pm10_ugm3",
        };

        private static readonly int[] WidthById = { 14, 8, 12, 1, 8, 8, 10, 11, 10, 10 };
        private static readonly int[] MaxRawById = { 16383, 200, 4095, 1, 255, 255, 1023, 2047, 1023, 1023 };
        private static readonly int[] CodingById =
        {
            CodingDelta, CodingDelta, CodingDelta, CodingFlag, CodingCount, CodingDelta,
            CodingDelta, CodingDelta, CodingDelta, CodingDelta,
        };

        private static readonly int[] OrderById = { 3, 1, 1, 0, 0, 0, 2, 2, 1, 1 };
        private static readonly int[] StepNumeratorById = { 1, 1, 1, 1, 1, 1, 0, 5, 1, 1 };
        private static readonly int[] OffsetNumeratorById = { -4000, 0, 7000, 0, 0, 200, 0, 0, 0, 0 };
        private static readonly int[] StepDenominatorById = { 100, 2, 10, 1, 1, 100, 1, 1, 1, 1 };

        /// <summary>Gas resistance: 128 codes per decade starting at 100 ohm.</summary>
        public const int GasCodesPerDecade = 128;
        public const double GasMinimumOhm = 100;

        public static string Name(int field) => NamesById[field];

        /// <summary>Bits of the field in the first sample of a frame.</summary>
        public static int Width(int field) => WidthById[field];

        /// <summary>Largest valid raw value; anything above is out of range.</summary>
        public static int MaxRaw(int field) => MaxRawById[field];

        public static int Coding(int field) => CodingById[field];

        /// <summary>Exp-Golomb order k used for the field in later samples.</summary>
        public static int Order(int field) => OrderById[field];

        public static bool IsBoolean(int field) => field == Presence;

        public static int StepNumerator(int field) => StepNumeratorById[field];

        public static int OffsetNumerator(int field) => OffsetNumeratorById[field];

        public static int StepDenominator(int field) => StepDenominatorById[field];

        /// <summary>The physical value of a raw code, in the field's unit.</summary>
        public static double ToValue(int field, int raw)
        {
            if (field == GasResistance)
            {
                // Rounded to whole ohms so every implementation prints the same number.
                return Math.Floor(GasMinimumOhm * Math.Pow(10, raw / (double)GasCodesPerDecade) + 0.5);
            }

            return (raw * StepNumeratorById[field] + OffsetNumeratorById[field]) / (double)StepDenominatorById[field];
        }

        /// <summary>
        /// The raw code nearest to a physical value. False when the value lies outside the field's range (the
        /// caller decides whether to clamp, drop or report it); raw is then the nearest end of the range.
        /// </summary>
        public static bool TryQuantize(int field, double value, out int raw)
        {
            double code;
            if (field == GasResistance)
            {
                if (!(value > 0))
                {
                    raw = 0;
                    return false;
                }

                code = (Math.Log10(value / GasMinimumOhm)) * GasCodesPerDecade;
            }
            else
            {
                code = (value * StepDenominatorById[field] - OffsetNumeratorById[field]) / StepNumeratorById[field];
            }

            double rounded = Math.Floor(code + 0.5);
            int max = MaxRawById[field];
            if (!(rounded >= 0))
            {
                raw = 0;
                return false;
            }

            if (rounded > max)
            {
                raw = max;
                return false;
            }

            raw = (int)rounded;
            return true;
        }
    }
}
