using System;
using System.Globalization;
using System.IO;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The Pi's CPU temperature and throttling flags as its kernel reports them, read afresh for each request. A file
    /// that is missing or unreadable (not a Pi, another kernel) leaves its figure absent: that is not a fault.
    /// </summary>
    /// <param name="CpuTemperatureC">The SoC's temperature in °C, if the thermal zone file is there.</param>
    /// <param name="Throttled">The firmware's throttling flags, if the get_throttled file is there.</param>
    public sealed record PiVitals(double? CpuTemperatureC, ThrottledFlags? Throttled)
    {
        public static PiVitals Read(BoardSettings settings)
        {
            double? celsius = Text(settings.CpuTemperaturePath) is string milli
                && long.TryParse(milli.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long m) ? m / 1000.0 : null;
            ThrottledFlags? flags = Text(settings.ThrottledPath) is string hex ? ThrottledFlags.Parse(hex) : null;
            return new PiVitals(celsius, flags);
        }

        private static string? Text(string path)
        {
            if (path.Length == 0)
            {
                return null;
            }

            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
