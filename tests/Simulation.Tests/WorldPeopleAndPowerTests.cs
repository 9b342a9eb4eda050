using System.Linq;
using Smile.Nodectl;
using Smile.Simulation.World;
using Xunit;

namespace Smile.Simulation.Tests
{
    /// <summary>People at a public place through the day, and batteries that drain at the power model's rate.</summary>
    public class WorldPeopleAndPowerTests
    {
        private const long Day = 86_400;
        private static readonly SmilePlaceWorld World = new SmilePlaceWorld(7, SmilePlaceWorld.LateAutumnMorningUtc);

        /// <summary>Seconds from the start (07:00 CET) to a local hour on the second day.</summary>
        private static long At(int hour) => Day + (hour + 17) % 24 * 3_600L;

        [Fact]
        public void A_place_is_busier_at_midday_than_at_three_in_the_morning()
        {
            var sites = Enumerable.Range(0, 30).Select(i => World.Site(i, i % 2 == 0 ? "wifi" : "lorawan", 300, 900)).ToList();
            foreach (NodeSite site in sites)
            {
                Assert.True(World.Occupancy(site, At(13)) > World.Occupancy(site, At(3)) + 0.2, "node " + site.Index);
                Assert.True(World.Occupancy(site, At(3)) < 0.05);
            }

            int night = sites.Sum(s => World.MotionTimes(s, At(3), At(4)).Count);
            int midday = sites.Sum(s => World.MotionTimes(s, At(12), At(13)).Count);
            Assert.True(midday > 20 * (night + 1), "PIR motions 03-04: " + night + ", 12-13: " + midday);
        }

        [Fact]
        public void Motion_times_lie_in_the_span_asked_for_in_order()
        {
            NodeSite site = World.Site(2, "lorawan", 300, 900);
            var times = World.MotionTimes(site, At(15) + 17, At(15) + 917);
            Assert.NotEmpty(times);
            Assert.All(times, t => Assert.InRange(t, At(15) + 17, At(15) + 916));
            Assert.Equal(times.OrderBy(t => t), times);
        }

        [Fact]
        public void The_radar_sees_someone_sitting_more_often_by_day()
        {
            var sites = Enumerable.Range(0, 60).Select(i => World.Site(i, "wifi", 60, 60)).Where(s => s.HasRadar).ToList();
            Assert.NotEmpty(sites);
            int night = sites.Sum(s => Enumerable.Range(0, 60).Count(m => World.StationaryPersonCm(s, At(3) + m * 60) > 0));
            int afternoon = sites.Sum(s => Enumerable.Range(0, 60).Count(m => World.StationaryPersonCm(s, At(16) + m * 60) > 0));
            Assert.Equal(0, night);
            Assert.True(afternoon > 10 * sites.Count, "minutes with someone sitting, 16-17: " + afternoon);
            Assert.All(sites, s => Assert.InRange(World.StationaryPersonCm(s, At(16)), 0, 600));
        }

        [Fact]
        public void A_battery_drains_at_the_power_model_rate_and_its_voltage_falls()
        {
            var sites = Enumerable.Range(0, 30).Select(i => World.Site(i, i % 3 == 0 ? "wifi" : "lorawan", i % 3 == 0 ? 60 : 300, i % 3 == 0 ? 60 : 900))
                .Where(s => s.Battery != null).ToList();
            Assert.Contains(sites, s => s.Transport == "wifi");
            foreach (NodeSite site in sites)
            {
                double model = site.Transport == "wifi"
                    ? BatteryDrain.AverageMilliamps("wifi", 60, 60, 0)
                    : BatteryDrain.AverageMilliamps("lorawan", 300, 900, site.SpreadingFactor);
                Assert.Equal(model, site.AverageMilliamps, 9);
                double usedIn10Days = (World.ChargeLeft(site, 0) - World.ChargeLeft(site, 10 * Day)) * site.Battery!.UsableMah;
                Assert.Equal(site.AverageMilliamps * 240, usedIn10Days, 6);

                var volts = Enumerable.Range(0, 8).Select(d => World.BatteryVolts(site, d * Day)).ToList();
                Assert.True(volts.Zip(volts.Skip(1)).All(p => p.Second <= p.First), string.Join(", ", volts));
                Assert.True(volts[0] > volts[7], "node " + site.Index + ": " + string.Join(", ", volts));
            }
        }

        [Fact]
        public void Sampling_wakes_between_uplinks_cost_more_than_sleep()
        {
            double uplinkOnly = BatteryDrain.AverageMilliamps("lorawan", 900, 900, 9);
            double withSamples = BatteryDrain.AverageMilliamps("lorawan", 300, 900, 9);
            Assert.True(withSamples > uplinkOnly, withSamples + " mA with two sample-only wakes per uplink, " + uplinkOnly + " mA without");
        }

        [Fact]
        public void Battery_curves_run_from_full_to_the_cut_off()
        {
            Assert.Equal(3.20, BatteryCell.TwoAaAlkaline.Volts(1), 3);
            Assert.Equal(2.40, BatteryCell.TwoAaAlkaline.Volts(0), 3);
            Assert.Equal(4.20, BatteryCell.LiIon18650.Volts(1), 3);
            Assert.Equal(1750, BatteryCell.TwoAaAlkaline.UsableMah, 3);
            Assert.Equal(2550, BatteryCell.LiIon18650.UsableMah, 3);
        }
    }
}
