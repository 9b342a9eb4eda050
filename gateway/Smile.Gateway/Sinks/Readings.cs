using System.Collections.Generic;
using System.Linq;
using Smile.Frames;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// The one table of reading names and units: one row per codec field, in field order. The renderer and every platform
    /// format take names and units from here; tests/vectors/readings.json is this table for the JavaScript formatter's check.
    /// Codes: SenML units from RFC 8428 (primary) and RFC 8798 (ppm, ug/m3: secondary, so SenML packs convert them);
    /// NGSI-LD unitCode from UN/CEFACT Recommendation 20 (CEL °C, C62 one, A97 hPa, 59 ppm, GQ µg/m³). The Smart Data
    /// Models want relativeHumidity as a 0..1 fraction and atmosphericPressure in hPa, hence their factors.
    /// </summary>
    public static class Readings
    {
        public static IReadOnlyList<Reading> All { get; } = new[]
        {
            new Reading(Fields.Temperature, "temperature", "Cel", 1, new ScaledUnit("Cel"), new NgsiLdAttribute("temperature", "CEL"), "air.temperature"),
            new Reading(Fields.Humidity, "humidity", "%RH", 1, new ScaledUnit("%RH"), new NgsiLdAttribute("relativeHumidity", "C62", 0.01), "air.relativeHumidity"),
            new Reading(Fields.Pressure, "pressure", "Pa", 100, new ScaledUnit("Pa"), new NgsiLdAttribute("atmosphericPressure", "A97", 0.01), "air.pressure"),
            new Reading(Fields.Presence, "presence", null, 1, null, new NgsiLdAttribute("occupancy", null), "action.motion.detected"),
            new Reading(Fields.MotionCount, "motion_count", "count", 1, new ScaledUnit("count"), null, "action.motion.count"),
            new Reading(Fields.Battery, "battery", "V", 1, new ScaledUnit("V"), null, "battery"),
            new Reading(Fields.GasResistance, "gas_resistance", "Ohm", 1, new ScaledUnit("Ohm"), null, null),
            new Reading(Fields.Co2, "co2", "ppm", 1, new ScaledUnit("/", 1e-6), new NgsiLdAttribute("co2", "59"), null),
            new Reading(Fields.Pm2_5, "pm2_5", "ug/m3", 1, new ScaledUnit("kg/m3", 1e-9), new NgsiLdAttribute("pm25", "GQ"), null),
            new Reading(Fields.Pm10, "pm10", "ug/m3", 1, new ScaledUnit("kg/m3", 1e-9), new NgsiLdAttribute("pm10", "GQ"), null),
        };

        private static readonly Dictionary<string, Reading> ByName = All.ToDictionary(r => r.Name);

        public static Reading Of(int field) => All[field];

        /// <summary>The row of a name in a normalized message; every name the renderer writes has one.</summary>
        public static Reading Named(string name) => ByName[name];

        public static bool IsName(string name) => ByName.ContainsKey(name);
    }
}
