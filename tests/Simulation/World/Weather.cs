using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// The weather over the whole city, the same for every node: late autumn in Rostock. DWD's 1991–2020 normals for
    /// Rostock-Warnemünde give November a mean of about 5.5 °C with daily lows near 3 °C and highs near 8 °C, and a
    /// relative humidity near 88 %. Pressure fronts pass every few days; behind a low the air is mild, damp and the
    /// day's range small, under a high the nights are clear and cold.
    /// </summary>
    public sealed class Weather
    {
        private const double MeanTemperatureC = 4.5;
        private const double MeanSeaLevelPressureHpa = 1012.0;

        /// <summary>How far a front moves the sea-level pressure: Rostock's November readings mostly lie within 990 to 1035 hPa.</summary>
        private const double FrontPressureHpa = 14.0;

        // Three slow waves with periods of a few days; their phases come from the seed.
        private static readonly (double PeriodDays, double Weight)[] Fronts = { (2.7, 0.5), (4.1, 0.3), (6.3, 0.2) };
        private readonly double[] _phases = new double[Fronts.Length];

        public Weather(int seed)
        {
            for (int i = 0; i < Fronts.Length; i++)
            {
                _phases[i] = SeededNoise.Uniform(seed, 0x77ea7e5, i) * 2 * Math.PI;
            }
        }

        /// <summary>The fronts' state, -1 (deep low) to +1 (strong high).</summary>
        public double Front(double days)
        {
            double sum = 0;
            for (int i = 0; i < Fronts.Length; i++)
            {
                sum += Fronts[i].Weight * Math.Sin(2 * Math.PI * days / Fronts[i].PeriodDays + _phases[i]);
            }

            return sum;
        }

        public double SeaLevelPressureHpa(double days) => MeanSeaLevelPressureHpa + FrontPressureHpa * Front(days);

        /// <summary>Outdoor air temperature at a local hour: mean and daily range both follow the front.</summary>
        public double OutdoorTemperatureC(double days, double hour)
        {
            double front = Front(days);
            double mean = MeanTemperatureC - 1.5 * front;
            double amplitude = 2.5 + 1.0 * front;
            return mean + amplitude * DailyCycle.Shape(hour);
        }

        /// <summary>
        /// The outdoor dew point: the air's moisture changes with the air mass, not with the hour, so relative humidity
        /// rises at night as the air cools towards it and falls in the afternoon.
        /// </summary>
        public double OutdoorDewPointC(double days) => MeanTemperatureC - 3.0 - 1.5 * Front(days);
    }
}
