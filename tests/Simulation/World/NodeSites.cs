using System;

namespace Smile.Simulation.World
{
    /// <summary>Draws a node's site from the world's seed and the node's index: the same node always hangs in the same place.</summary>
    public static class NodeSites
    {
        /// <summary>Shadowing's standard deviations (LinkBudget's sources: 7.8 dB LoRa; about 4 dB for Wi-Fi), cut at 1.5σ.</summary>
        private const double LoRaShadowingDb = 7.8;
        private const double WifiShadowingDb = 4.0;

        public static NodeSite Draw(int seed, int index, string transport, int sampleIntervalSeconds, int sendIntervalSeconds)
        {
            bool wifi = transport == "wifi";
            double U(int what) => SeededNoise.Uniform(seed, index, 0x517e, what);

            // LoRaWAN reaches squares and parks; Wi-Fi needs a building's access point, so most Wi-Fi nodes hang indoors.
            PlaceKind kind = U(1) < (wifi ? 0.6 : 0.3) ? PlaceKind.Indoor : PlaceKind.Outdoor;
            double distance = wifi
                ? (kind == PlaceKind.Indoor ? 3 + 27 * U(2) : 10 + 50 * U(2))
                : 150 + 1050 * U(2);
            double shadowing = Math.Clamp(SeededNoise.Gaussian(seed, index, 0x5ad0), -1.5, 1.5) * (wifi ? WifiShadowingDb : LoRaShadowingDb);
            int sf = wifi ? 0 : LinkBudget.AdrSpreadingFactor(LinkBudget.LoRaSnrDb(LinkBudget.LoRaTxDbm - LinkBudget.LoRaPathLossDb(distance) - shadowing));

            // Indoor Wi-Fi nodes sit by a socket and carry the radar; the others run on batteries, 2×AA for LoRaWAN,
            // an 18650 for the hungrier Wi-Fi.
            BatteryCell? battery = wifi && kind == PlaceKind.Indoor ? null : wifi ? BatteryCell.LiIon18650 : BatteryCell.TwoAaAlkaline;
            double part = Bme280Accuracy.PartShare;
            return new NodeSite
            {
                Index = index,
                Kind = kind,
                Transport = transport,
                MicroclimateC = kind == PlaceKind.Indoor ? -0.5 + U(3) : -0.8 + 1.6 * U(3),
                AltitudeMetres = 2 + 28 * U(4),
                Busyness = 0.4 + 0.6 * U(5),
                DistanceMetres = distance,
                ShadowingDb = shadowing,
                SpreadingFactor = sf,
                Battery = battery,
                InitialCharge = 0.35 + 0.65 * U(6),
                AverageMilliamps = battery == null ? 0 : BatteryDrain.AverageMilliamps(transport, sampleIntervalSeconds, sendIntervalSeconds, sf),
                TemperatureErrorC = (2 * U(7) - 1) * part * Bme280Accuracy.TemperatureC,
                HumidityErrorPercent = (2 * U(8) - 1) * part * Bme280Accuracy.HumidityPercent,
                PressureErrorHpa = (2 * U(9) - 1) * part * Bme280Accuracy.PressureHpa,
            };
        }
    }
}
