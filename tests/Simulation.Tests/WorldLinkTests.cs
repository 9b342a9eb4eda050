using System.Linq;
using Smile.Simulation.World;
using Xunit;

namespace Smile.Simulation.Tests
{
    /// <summary>Link quality from distance (log-distance path loss) and the spreading factor's headroom.</summary>
    public class WorldLinkTests
    {
        private static readonly SmilePlaceWorld World = new SmilePlaceWorld(7, SmilePlaceWorld.LateAutumnMorningUtc);

        [Fact]
        public void LoRa_path_loss_follows_the_Oulu_model()
        {
            Assert.Equal(128.95, LinkBudget.LoRaPathLossDb(1000), 6);
            Assert.Equal(128.95 + 23.2, LinkBudget.LoRaPathLossDb(10_000), 6);
            Assert.True(LinkBudget.LoRaPathLossDb(200) < LinkBudget.LoRaPathLossDb(1000));
        }

        [Fact]
        public void RSSI_falls_with_distance_across_the_fleet()
        {
            var sites = Enumerable.Range(0, 60).Select(i => World.Site(i, "lorawan", 300, 900)).ToList();
            double near = sites.Where(s => s.DistanceMetres < 400).Average(s => World.LoRaLink(s, 0).RssiDbm);
            double far = sites.Where(s => s.DistanceMetres > 900).Average(s => World.LoRaLink(s, 0).RssiDbm);
            Assert.True(near > far + 8, "near " + near + " dBm, far " + far + " dBm");
            Assert.All(sites, s => Assert.InRange(World.LoRaLink(s, 0).RssiDbm, -135, -75));
        }

        [Fact]
        public void A_slower_spreading_factor_buys_SNR_headroom_and_ADR_picks_by_distance()
        {
            Assert.Equal(12.5, LinkBudget.HeadroomDb(-5, 12) - LinkBudget.HeadroomDb(-5, 7), 6);
            Assert.Equal(-20, LinkBudget.RequiredSnrDb(12), 6);
            Assert.Equal(7, LinkBudget.AdrSpreadingFactor(5));
            Assert.Equal(9, LinkBudget.AdrSpreadingFactor(-2.5));
            Assert.Equal(10, LinkBudget.AdrSpreadingFactor(-12));

            var sites = Enumerable.Range(0, 60).Select(i => World.Site(i, "lorawan", 300, 900)).ToList();
            Assert.True(sites.Where(s => s.DistanceMetres < 300).Average(s => s.SpreadingFactor) < sites.Where(s => s.DistanceMetres > 900).Average(s => s.SpreadingFactor));
            Assert.True(sites.Select(s => s.SpreadingFactor).Distinct().Count() >= 3);
        }

        [Fact]
        public void SNR_is_the_signal_over_the_noise_floor_and_saturates()
        {
            Assert.Equal(-117.03, LinkBudget.LoRaNoiseFloorDbm, 2);
            Assert.Equal(-2.97, LinkBudget.LoRaSnrDb(-120), 2);
            Assert.Equal(12, LinkBudget.LoRaSnrDb(-80), 6);
        }

        [Fact]
        public void Wifi_signal_falls_faster_indoors_and_with_distance()
        {
            Assert.True(LinkBudget.WifiPathLossDb(20, PlaceKind.Indoor) > LinkBudget.WifiPathLossDb(20, PlaceKind.Outdoor));
            Assert.Equal(40 + 30 * 1.0, LinkBudget.WifiPathLossDb(10, PlaceKind.Indoor), 6);
            var sites = Enumerable.Range(0, 60).Select(i => World.Site(i, "wifi", 60, 60)).ToList();
            Assert.All(sites, s => Assert.InRange(World.WifiRssiDbm(s, 0), -90, -20));
            Assert.True(sites.Select(s => (int)World.WifiRssiDbm(s, 0)).Distinct().Count() > 10);
        }
    }
}
