using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// Received signal strength from distance with the log-distance path-loss model, PL(d) = PL(d0) + 10·n·log10(d/d0)
    /// + X, where X is log-normal shadowing (a site's fixed obstacles) and per-packet fading.
    /// LoRa (EU868, 125 kHz): PL(1 km) = 128.95 dB, n = 2.32, σ = 7.8 dB, fitted to ground-level nodes in Oulu by
    /// Petäjäjärvi et al., "On the coverage of LPWANs: range evaluation and channel attenuation model for LoRa
    /// technology" (ITST 2015); the node transmits 14 dBm, the EU868 limit. Wi-Fi (2.4 GHz): PL(1 m) = 40 dB (free
    /// space at 2.44 GHz), n = 3.0 inside a building and 2.7 outdoors in a city (Rappaport, Wireless
    /// Communications, table 4.2), the access point transmitting 20 dBm (the EU's 100 mW EIRP).
    /// </summary>
    public static class LinkBudget
    {
        public const double LoRaTxDbm = 14;
        public const double WifiTxDbm = 20;

        /// <summary>
        /// The receiver's noise over 125 kHz: -174 dBm/Hz thermal + 10·log10(125 000) + a 6 dB noise figure (SX1276
        /// datasheet's sensitivity arithmetic).
        /// </summary>
        public const double LoRaNoiseFloorDbm = -174 + 50.97 + 6;

        /// <summary>
        /// ChirpStack's default ADR installation margin: a node is moved to a faster data rate only while its SNR stays
        /// this far above the demodulation floor.
        /// </summary>
        public const double AdrMarginDb = 10;

        /// <summary>LoRa radios report SNR up to about +10 to +13 dB; above that the estimate saturates.</summary>
        private const double MaxReportedSnrDb = 12;

        public static double LoRaPathLossDb(double metres) => 128.95 + 10 * 2.32 * Math.Log10(metres / 1000);

        public static double WifiPathLossDb(double metres, PlaceKind kind) => 40 + 10 * (kind == PlaceKind.Indoor ? 3.0 : 2.7) * Math.Log10(Math.Max(1, metres));

        public static double LoRaSnrDb(double rssiDbm) => Math.Min(MaxReportedSnrDb, rssiDbm - LoRaNoiseFloorDbm);

        /// <summary>The lowest SNR at which a spreading factor still demodulates (SX1276 datasheet, table 13): -7.5 dB at SF7 down to -20 dB at SF12.</summary>
        public static double RequiredSnrDb(int spreadingFactor) => -7.5 - 2.5 * (spreadingFactor - 7);

        /// <summary>How far above the demodulation floor an uplink arrives: a slower spreading factor buys headroom.</summary>
        public static double HeadroomDb(double snrDb, int spreadingFactor) => snrDb - RequiredSnrDb(spreadingFactor);

        /// <summary>
        /// The spreading factor ADR settles a node on: the fastest that keeps the margin, between SF7 and SF10 (DR5 to
        /// DR2, the data rates that carry the fleet's 51-byte frames); a node still short of the margin at SF10 stays there.
        /// </summary>
        public static int AdrSpreadingFactor(double snrDb)
        {
            for (int sf = 7; sf < 10; sf++)
            {
                if (HeadroomDb(snrDb, sf) >= AdrMarginDb)
                {
                    return sf;
                }
            }

            return 10;
        }
    }
}
