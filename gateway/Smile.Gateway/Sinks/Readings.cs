using Smile.Frames;

namespace Smile.Gateway.Sinks
{
    /// <summary>SenML-compatible names and units (RFC 8428, UCUM) of the frame's fields, as the normalized message carries them.</summary>
    public static class Readings
    {
        private static readonly string[] Names =
        {
            "temperature", "humidity", "pressure", "presence", "motion_count", "battery", "gas_resistance", "co2", "pm2_5", "pm10",
        };

        private static readonly string?[] Units = { "Cel", "%RH", "Pa", null, "count", "V", "Ohm", "ppm", "ug/m3", "ug/m3" };

        public static string Name(int field) => Names[field];

        public static string? Unit(int field) => Units[field];

        /// <summary>The value in the normalized unit: pressure in Pa (SenML's unit) rather than the frame's hPa.</summary>
        public static double Value(int field, Sample sample)
        {
            double value = sample.GetValue(field);
            return field == Fields.Pressure ? System.Math.Round(value * 100, 1) : value;
        }
    }
}
