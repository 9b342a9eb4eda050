using Smile.Frames;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// One field of the frame codec in every vocabulary the outputs use. The normalized message (smile.measurement.v1)
    /// names it <see cref="Name"/> in <see cref="Unit"/>; SensorThings observations carry the same name (the key of the
    /// Datastream mapping) and unit; SenML and NGSI-LD convert from the normalized value by their own factor; The Things
    /// Stack's normalized payload (made by the JavaScript formatter, checked against tests/vectors/readings.json) puts
    /// the codec value at <see cref="TtsNormalized"/>.
    /// </summary>
    /// <param name="Field">The codec's field id (<see cref="Fields"/>).</param>
    /// <param name="Name">The reading's name in the normalized message, SenML and the SensorThings mapping.</param>
    /// <param name="Unit">The normalized message's unit as a SenML/UCUM code (RFC 8428, or RFC 8798's secondary units); null for a boolean.</param>
    /// <param name="Scale">Normalized value = codec value × Scale (the codec's hPa to Pa).</param>
    /// <param name="SenMl">RFC 8428 primary unit; null for a boolean, which goes as "vb".</param>
    /// <param name="NgsiLd">The Smart Data Models attribute; null when no entity carries the reading.</param>
    /// <param name="TtsNormalized">Path in The Things Stack's normalized payload, whose schema fixes the codec's units; null when it has none.</param>
    public sealed record Reading(int Field, string Name, string? Unit, double Scale, ScaledUnit? SenMl, NgsiLdAttribute? NgsiLd, string? TtsNormalized)
    {
        /// <summary>The name in the codec's JSON form (temperature_c), and in the Nodes:Plausible and filter settings.</summary>
        public string CodecName => Fields.Name(Field);

        /// <summary>
        /// The value in the normalized unit. Rounded to 0.1 of that unit when scaled: every scaled field is coarser, so
        /// the rounding only removes binary noise (1013.2 hPa is 101320 Pa, not 101319.99999999999).
        /// </summary>
        public double Value(Sample sample)
        {
            double value = sample.GetValue(Field);
            return Scale == 1 ? value : System.Math.Round(value * Scale, 1);
        }
    }

    /// <summary>A unit of an output vocabulary: its code, and the factor from the normalized unit to it.</summary>
    public sealed record ScaledUnit(string Code, double Factor = 1);

    /// <summary>A Smart Data Models attribute in NGSI-LD: property name and UN/CEFACT unitCode (none for a 0/1 occupancy), factor from the normalized unit.</summary>
    public sealed record NgsiLdAttribute(string Property, string? UnitCode, double Factor = 1);
}
