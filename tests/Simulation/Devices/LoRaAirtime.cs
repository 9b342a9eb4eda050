namespace Smile.Simulation.Devices
{
    /// <summary>
    /// Time on air of a LoRa frame at 125 kHz, CR 4/5, 8-symbol preamble, explicit header: the Semtech formula
    /// (AN1200.13 / SX1276 datasheet) as written out in formats.md §4, so the simulated modems take as long on air
    /// as real ones (51 PHY bytes at SF10: 616 ms, formats.md §4 table).
    /// </summary>
    public static class LoRaAirtime
    {
        /// <summary>LoRaWAN adds MHDR, FHDR (no FOpts) and MIC: 12 bytes, plus FPort when there is a payload (formats.md §4).</summary>
        public const int FrameOverhead = 12;

        /// <summary>Join-request PHY bytes; a join-accept with the EU868 CFList is 33 (formats.md §4, "LoRaWAN overhead").</summary>
        public const int JoinRequest = 23;

        public const int JoinAccept = 33;

        /// <summary>Milliseconds on air of phyBytes at the spreading factor; uplinks carry a CRC, downlinks do not.</summary>
        public static long Ms(int spreadingFactor, int phyBytes, bool crc)
        {
            int lowDataRate = spreadingFactor >= 11 ? 1 : 0;
            int numerator = 8 * phyBytes - 4 * spreadingFactor + 28 + (crc ? 16 : 0);
            int denominator = 4 * (spreadingFactor - 2 * lowDataRate);
            int blocks = numerator > 0 ? (numerator + denominator - 1) / denominator : 0;
            int payloadSymbols = 8 + blocks * 5;

            // Preamble 8 + 4.25 symbols, counted in quarter symbols; a symbol lasts 2^SF / 125 kHz.
            long quarterSymbols = 49 + 4L * payloadSymbols;
            return quarterSymbols * (1L << spreadingFactor) / 500;
        }
    }
}
