using System;
using System.Linq;
using Smile.Simulation.World;
using Xunit;

namespace Smile.Simulation.Tests
{
    /// <summary>The world's air: seeded, different at every node, a believable late-autumn day in Rostock, measured within the BME280's accuracy.</summary>
    public class WorldClimateTests
    {
        private const long Day = 86_400;
        private static readonly SmilePlaceWorld World = new SmilePlaceWorld(7, SmilePlaceWorld.LateAutumnMorningUtc);

        [Fact]
        public void The_same_seed_gives_the_same_readings_and_another_seed_others()
        {
            var again = new SmilePlaceWorld(7, SmilePlaceWorld.LateAutumnMorningUtc);
            var other = new SmilePlaceWorld(8, SmilePlaceWorld.LateAutumnMorningUtc);
            for (int node = 0; node < 20; node++)
            {
                NodeSite site = World.Site(node, "lorawan", 300, 900);
                NodeSite same = again.Site(node, "lorawan", 300, 900);
                foreach (long t in new long[] { 0, 3_600, 2 * Day + 17 })
                {
                    Assert.Equal(World.Measured(site, t), again.Measured(same, t));
                    Assert.Equal(World.LoRaLink(site, t), again.LoRaLink(same, t));
                    Assert.Equal(World.BatteryVolts(site, t), again.BatteryVolts(same, t));
                    Assert.Equal(World.MotionTimes(site, t, t + 900), again.MotionTimes(same, t, t + 900));
                }
            }

            Assert.NotEqual(World.Measured(World.Site(0, "lorawan", 300, 900), 0), other.Measured(other.Site(0, "lorawan", 300, 900), 0));
        }

        [Fact]
        public void Nodes_differ_in_place_and_reading()
        {
            var sites = Enumerable.Range(0, 40).Select(i => World.Site(i, i % 3 == 0 ? "wifi" : "lorawan", 60, 60)).ToList();
            var temperatures = sites.Select(s => Math.Round(World.Measured(s, 3_600).TemperatureC, 2)).ToList();
            Assert.True(temperatures.Distinct().Count() >= 38, string.Join(", ", temperatures));
            Assert.Contains(sites, s => s.Kind == PlaceKind.Indoor);
            Assert.Contains(sites, s => s.Kind == PlaceKind.Outdoor);
            Assert.True(sites.Select(s => s.DistanceMetres).Distinct().Count() == sites.Count);
        }

        [Fact]
        public void Outdoors_the_coldest_hour_is_around_dawn_and_the_warmest_early_afternoon()
        {
            foreach (NodeSite site in Enumerable.Range(0, 30).Select(i => World.Site(i, "lorawan", 300, 900)).Where(s => s.Kind == PlaceKind.Outdoor))
            {
                // Day 2 from midnight CET (the fleet starts 07:00 CET): every 10 minutes.
                long midnight = Day + 17 * 3_600;
                var day = Enumerable.Range(0, 144).Select(k => midnight + k * 600L).Select(t => (Hour: World.LocalHour(t), Air: World.Air(site, t))).ToList();
                var coldest = day.MinBy(p => p.Air.TemperatureC);
                var warmest = day.MaxBy(p => p.Air.TemperatureC);
                Assert.InRange(coldest.Hour, 6, 9);
                Assert.InRange(warmest.Hour, 13, 15.5);
                Assert.InRange(coldest.Air.TemperatureC, -3, 6);
                Assert.InRange(warmest.Air.TemperatureC, 3, 11);
                Assert.True(coldest.Air.HumidityPercent > warmest.Air.HumidityPercent, "relative humidity is highest in the cold of the night");
                Assert.InRange(coldest.Air.HumidityPercent, 80, 100);
                Assert.InRange(day.Average(p => p.Air.PressureHpa), 990, 1035);
            }
        }

        [Fact]
        public void Indoors_the_heating_keeps_a_room_between_18_and_24_degrees_with_dry_winter_air()
        {
            foreach (NodeSite site in Enumerable.Range(0, 30).Select(i => World.Site(i, "wifi", 60, 60)).Where(s => s.Kind == PlaceKind.Indoor))
            {
                long threeAm = Day + 20 * 3_600;
                long threePm = threeAm + 12 * 3_600;
                EnvironmentReading night = World.Air(site, threeAm);
                EnvironmentReading afternoon = World.Air(site, threePm);
                Assert.InRange(night.TemperatureC, 18, 20.5);
                Assert.InRange(afternoon.TemperatureC, 20.5, 24);
                Assert.InRange(afternoon.HumidityPercent, 25, 55);
            }
        }

        [Fact]
        public void Pressure_fronts_move_slowly()
        {
            NodeSite site = World.Site(0, "lorawan", 300, 900);
            var hourly = Enumerable.Range(0, 24 * 14).Select(h => World.Air(site, h * 3_600L).PressureHpa).ToList();
            Assert.True(hourly.Max() - hourly.Min() > 10, "fronts pass within two weeks");
            Assert.True(hourly.Zip(hourly.Skip(1)).All(p => Math.Abs(p.First - p.Second) < 1.5), "at most a strong front's 1.5 hPa an hour");
        }

        [Fact]
        public void Each_reading_stays_within_the_datasheet_accuracy_of_the_air()
        {
            for (int node = 0; node < 50; node++)
            {
                NodeSite site = World.Site(node, node % 2 == 0 ? "wifi" : "lorawan", 300, 900);
                for (long t = 0; t < 3 * Day; t += 997)
                {
                    EnvironmentReading air = World.Air(site, t);
                    EnvironmentReading measured = World.Measured(site, t);
                    Assert.InRange(measured.TemperatureC - air.TemperatureC, -Bme280Accuracy.TemperatureC, Bme280Accuracy.TemperatureC);
                    Assert.InRange(measured.HumidityPercent - air.HumidityPercent, -Bme280Accuracy.HumidityPercent, Bme280Accuracy.HumidityPercent);
                    Assert.InRange(measured.PressureHpa - air.PressureHpa, -Bme280Accuracy.PressureHpa, Bme280Accuracy.PressureHpa);
                    Assert.InRange(measured.HumidityPercent, 0, 100);
                }
            }
        }

        [Fact]
        public void Readings_vary_from_one_sample_to_the_next_by_noise_not_by_steps()
        {
            NodeSite site = World.Site(3, "lorawan", 300, 900);
            var temperatures = Enumerable.Range(0, 12).Select(k => World.Measured(site, 3_600 + k * 300L).TemperatureC).ToList();
            Assert.True(temperatures.Distinct().Count() == 12);
            Assert.True(temperatures.Zip(temperatures.Skip(1)).All(p => Math.Abs(p.First - p.Second) < 0.5));
        }
    }
}
