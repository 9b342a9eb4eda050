using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// The shape of the outdoor air temperature over a day, -1 at the minimum to +1 at the maximum. The minimum comes
    /// around sunrise, the maximum early in the afternoon, and the night's cooling takes longer than the morning's
    /// warming: a rising and a falling half cosine, the usual two-piece form of diurnal temperature models (e.g.
    /// Cesaraccio et al. 2001, Int. J. Biometeorol. 45). In Rostock in late November the sun rises about 08:00 CET
    /// and sets about 16:00 CET.
    /// </summary>
    public static class DailyCycle
    {
        /// <summary>Local hour (CET) of the coldest air: shortly before sunrise.</summary>
        public const double MinimumHour = 7.5;

        /// <summary>Local hour of the warmest air: about two hours after the sun's highest point (12:15 CET in Rostock).</summary>
        public const double MaximumHour = 14.0;

        public static double Shape(double hour)
        {
            double rising = MaximumHour - MinimumHour;
            double sinceMinimum = ((hour - MinimumHour) % 24 + 24) % 24;
            if (sinceMinimum <= rising)
            {
                return -Math.Cos(Math.PI * sinceMinimum / rising);
            }

            return Math.Cos(Math.PI * (sinceMinimum - rising) / (24 - rising));
        }

        /// <summary>0 before start, 1 after start + hours, a half-cosine ramp between: a heating that takes a while to warm a room.</summary>
        public static double Ramp(double hour, double start, double hours)
        {
            double x = Math.Clamp((hour - start) / hours, 0, 1);
            return (1 - Math.Cos(Math.PI * x)) / 2;
        }
    }
}
