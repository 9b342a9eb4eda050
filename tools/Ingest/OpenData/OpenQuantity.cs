using System.Collections.Generic;

namespace Smile.Ingest.OpenData
{
    /// <summary>How a reading becomes an hourly Open Data column: its stored unit, the unit published, the factor between.</summary>
    public sealed record OpenQuantity(string Name, string StoredUnit, string PublishedUnit, double Factor, OpenAggregate Aggregate)
    {
        /// <summary>
        /// The published quantities, in column order. Units are SI or SI-prefixed (°C is the SI's derived unit; µmol/mol
        /// is the SI form of ppm; % and the share 1 are dimensionless). Not published: battery and gas_resistance
        /// (the node's health and a raw sensor resistance, not an observation of the place).
        /// </summary>
        public static readonly IReadOnlyList<OpenQuantity> All = new[]
        {
            new OpenQuantity("temperature", "Cel", "°C", 1, OpenAggregate.Statistics),
            new OpenQuantity("humidity", "%RH", "%", 1, OpenAggregate.Statistics),
            new OpenQuantity("pressure", "Pa", "Pa", 1, OpenAggregate.Statistics),
            new OpenQuantity("co2", "ppm", "µmol/mol", 1, OpenAggregate.Statistics),
            new OpenQuantity("pm2_5", "ug/m3", "µg/m³", 1, OpenAggregate.Statistics),
            new OpenQuantity("pm10", "ug/m3", "µg/m³", 1, OpenAggregate.Statistics),
            new OpenQuantity("motion_count", "count", "1", 1, OpenAggregate.Sum),
            new OpenQuantity("presence", "", "1", 1, OpenAggregate.Share),
        };
    }

    public enum OpenAggregate
    {
        /// <summary>count, min, mean, max.</summary>
        Statistics,

        /// <summary>Motion counts summed over the hour (and how many samples made the sum).</summary>
        Sum,

        /// <summary>Presence as the share of the hour's samples that saw someone (0..1).</summary>
        Share,
    }
}
