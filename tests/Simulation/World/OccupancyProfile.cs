using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// How busy a public place is through the day, 0 (empty) to 1 (its busiest), by local hour. The shape follows the
    /// pedestrian counts German city centres publish hour by hour (hystreet.com): next to nobody between midnight and
    /// six, a climb through the morning, a first peak at lunch, the highest in the afternoon, a fall through the
    /// evening. Indoor places (a library, a community centre) are open 08:00 to 21:00 and empty otherwise.
    /// </summary>
    public static class OccupancyProfile
    {
        private static readonly double[] Outdoor =
        {
            0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.12, 0.22, 0.35, 0.50, 0.65,
            0.80, 0.85, 0.78, 0.85, 0.95, 0.85, 0.62, 0.42, 0.28, 0.18, 0.10, 0.05,
        };

        public const int OpensHour = 8;
        public const int ClosesHour = 21;

        /// <summary>The place's level at a local hour, interpolated between the hourly figures.</summary>
        public static double Level(PlaceKind kind, double hour)
        {
            hour = (hour % 24 + 24) % 24;
            if (kind == PlaceKind.Indoor && (hour < OpensHour || hour >= ClosesHour))
            {
                return 0;
            }

            int h = (int)hour;
            double fraction = hour - h;
            return Outdoor[h] * (1 - fraction) + Outdoor[(h + 1) % 24] * fraction;
        }
    }
}
