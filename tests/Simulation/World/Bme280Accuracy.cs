namespace Smile.Simulation.World
{
    /// <summary>
    /// What a BME280 gets wrong (Bosch datasheet BST-BME280-DS002 as summarised in /work/shared/reference/formats.md
    /// §6): absolute accuracy ±1 °C (0 to 65 °C), ±3 %RH (20 to 80 %RH at 25 °C), ±1 hPa. Most of that is a fixed
    /// error of each part, which the model draws once per node within 70 % of those bounds; the reading-to-reading
    /// noise on top is far smaller (assumed figures of the order of the datasheet's RMS noise at ×1 oversampling, to be
    /// checked against the datasheet), so a reading stays within the stated accuracy.
    /// </summary>
    public static class Bme280Accuracy
    {
        public const double TemperatureC = 1.0;
        public const double HumidityPercent = 3.0;
        public const double PressureHpa = 1.0;

        /// <summary>The share of the accuracy a part's fixed error may take; the noise gets the rest.</summary>
        public const double PartShare = 0.7;

        /// <summary>Standard deviations of the noise, cut at 3σ (SeededNoise.Gaussian).</summary>
        public const double TemperatureNoiseC = 0.05;
        public const double HumidityNoisePercent = 0.2;
        public const double PressureNoiseHpa = 0.05;
    }
}
