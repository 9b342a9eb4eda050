using System;
using System.Collections.Generic;

namespace Smile.Simulation.World
{
    /// <summary>
    /// The environment the simulated nodes measure: each node's air, people, battery and radio path, as a pure
    /// function of the seed, the node's site and the simulated time (seconds since the simulation started at
    /// StartUtc). Times are local to Rostock in late autumn: CET, UTC+1, no daylight saving.
    /// </summary>
    public sealed class SmilePlaceWorld
    {
        /// <summary>Tuesday 24 November 2026, 07:00 CET: the fleet starts before dawn and the demo shows the day warming.</summary>
        public static readonly DateTime LateAutumnMorningUtc = new DateTime(2026, 11, 24, 6, 0, 0, DateTimeKind.Utc);

        /// <summary>Motion events a PIR counts per minute at a place's busiest: people passing a few seconds apart.</summary>
        public const double MotionsPerMinuteAtPeak = 4;

        private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
        private readonly Weather _weather;

        public SmilePlaceWorld(int seed, DateTime startUtc)
        {
            Seed = seed;
            StartUtc = startUtc;
            _weather = new Weather(seed);
        }

        public int Seed { get; }

        public DateTime StartUtc { get; }

        public NodeSite Site(int index, string transport, int sampleIntervalSeconds, int sendIntervalSeconds) =>
            NodeSites.Draw(Seed, index, transport, sampleIntervalSeconds, sendIntervalSeconds);

        public double LocalHour(long seconds) => (StartUtc + Cet).AddSeconds(seconds).TimeOfDay.TotalHours;

        /// <summary>The air at the node's place, as a perfect instrument would read it.</summary>
        public EnvironmentReading Air(NodeSite site, long seconds)
        {
            double days = Days(seconds);
            double hour = LocalHour(seconds);
            double outdoor = _weather.OutdoorTemperatureC(days, hour);
            double dewPoint = _weather.OutdoorDewPointC(days);
            double temperature = outdoor + site.MicroclimateC;
            if (site.Kind == PlaceKind.Indoor)
            {
                // Heating from 06:00 (21.5 °C by 07:30) down to 19 °C from 22:00; people warm the room and add moisture
                // (breath), ventilation brings in the outdoor air's: heated rooms in winter sit at 30 to 45 %RH.
                double people = Occupancy(site, seconds);
                double heating = DailyCycle.Ramp(hour, 6, 1.5) - DailyCycle.Ramp(hour, 22, 1.5);
                temperature = 19 + 2.5 * heating + 1.5 * people + site.MicroclimateC + 0.05 * (outdoor - 4.5);
                dewPoint += 4 + 3 * people;
            }

            return new EnvironmentReading(temperature, Humidity.RelativePercent(temperature, dewPoint), StationPressureHpa(site, days));
        }

        /// <summary>What the node's BME280 reports: the air, its part's fixed error and a little noise (Bme280Accuracy).</summary>
        public EnvironmentReading Measured(NodeSite site, long seconds)
        {
            EnvironmentReading air = Air(site, seconds);
            return new EnvironmentReading(
                air.TemperatureC + site.TemperatureErrorC + Bme280Accuracy.TemperatureNoiseC * SeededNoise.Gaussian(Seed, site.Index, 1, seconds),
                Math.Clamp(air.HumidityPercent + site.HumidityErrorPercent + Bme280Accuracy.HumidityNoisePercent * SeededNoise.Gaussian(Seed, site.Index, 2, seconds), 0, 100),
                air.PressureHpa + site.PressureErrorHpa + Bme280Accuracy.PressureNoiseHpa * SeededNoise.Gaussian(Seed, site.Index, 3, seconds));
        }

        /// <summary>How busy the node's place is, 0 to 1: the hour's profile scaled by the place's own busyness.</summary>
        public double Occupancy(NodeSite site, long seconds) => OccupancyProfile.Level(site.Kind, LocalHour(seconds)) * site.Busyness;

        /// <summary>
        /// The PIR's motion events between two times, in order: a Poisson process whose rate follows the occupancy,
        /// drawn minute by minute so any span gives the same events for the same minutes.
        /// </summary>
        public List<long> MotionTimes(NodeSite site, long fromSeconds, long toSeconds)
        {
            var times = new List<long>();
            for (long minute = fromSeconds / 60; minute * 60 < toSeconds; minute++)
            {
                double mean = Occupancy(site, minute * 60) * MotionsPerMinuteAtPeak;
                double u = SeededNoise.Uniform(Seed, site.Index, 4, minute);
                double p = Math.Exp(-mean);
                double cumulative = p;
                for (int k = 0; u > cumulative && k < 60; k++)
                {
                    long at = minute * 60 + (long)(60 * SeededNoise.Uniform(Seed, site.Index, 5, minute * 64 + k));
                    if (at >= fromSeconds && at < toSeconds)
                    {
                        times.Add(at);
                    }

                    p *= mean / (k + 1);
                    cumulative += p;
                }
            }

            times.Sort();
            return times;
        }

        /// <summary>
        /// The distance (cm) of someone sitting still in the radar's view, 0 when nobody is: more likely the busier the
        /// place, redrawn each minute, within the LD2410's 6 m.
        /// </summary>
        public int StationaryPersonCm(NodeSite site, long seconds)
        {
            long minute = seconds / 60;
            bool someone = SeededNoise.Uniform(Seed, site.Index, 6, minute) < Occupancy(site, seconds);
            return someone ? 60 + (int)(480 * SeededNoise.Uniform(Seed, site.Index, 7, minute)) : 0;
        }

        /// <summary>The battery's voltage: the usable charge left after the power model's average current since the start.</summary>
        public double BatteryVolts(NodeSite site, long seconds)
        {
            if (site.Battery == null)
            {
                throw new InvalidOperationException("node " + site.Index + " runs on USB power");
            }

            return site.Battery.Volts(ChargeLeft(site, seconds));
        }

        /// <summary>Share of the usable charge left.</summary>
        public double ChargeLeft(NodeSite site, long seconds) =>
            site.Battery == null ? 1 : site.InitialCharge - site.AverageMilliamps * seconds / 3600.0 / site.Battery.UsableMah;

        /// <summary>An uplink at the gateway: path loss, the site's shadowing and per-packet fading (σ 2 dB, assumed).</summary>
        public LoRaLinkQuality LoRaLink(NodeSite site, long seconds)
        {
            double rssi = LinkBudget.LoRaTxDbm - LinkBudget.LoRaPathLossDb(site.DistanceMetres) - site.ShadowingDb + Fading(site, seconds);
            return new LoRaLinkQuality(rssi, LinkBudget.LoRaSnrDb(rssi));
        }

        /// <summary>The access point's signal at the node.</summary>
        public double WifiRssiDbm(NodeSite site, long seconds) =>
            LinkBudget.WifiTxDbm - LinkBudget.WifiPathLossDb(site.DistanceMetres, site.Kind) - site.ShadowingDb + Fading(site, seconds);

        private double Fading(NodeSite site, long seconds) => 2 * SeededNoise.Gaussian(Seed, site.Index, 8, seconds);

        /// <summary>Barometric formula (ICAO standard atmosphere) from sea level to the site's altitude.</summary>
        private double StationPressureHpa(NodeSite site, double days) =>
            _weather.SeaLevelPressureHpa(days) * Math.Pow(1 - 2.25577e-5 * site.AltitudeMetres, 5.25588);

        private double Days(long seconds) => (StartUtc.AddSeconds(seconds) - DateTime.UnixEpoch).TotalDays;
    }
}
