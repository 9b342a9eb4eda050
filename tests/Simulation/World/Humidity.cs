using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// Relative humidity from air temperature and dew point with the Magnus formula over water (Alduchov and Eskridge
    /// 1996: 6.1094 hPa, 17.625, 243.04 °C), good to 0.1 % between -40 and 50 °C.
    /// </summary>
    public static class Humidity
    {
        public static double RelativePercent(double temperatureC, double dewPointC) =>
            Math.Min(100, 100 * SaturationHpa(dewPointC) / SaturationHpa(temperatureC));

        private static double SaturationHpa(double celsius) => 6.1094 * Math.Exp(17.625 * celsius / (celsius + 243.04));
    }
}
