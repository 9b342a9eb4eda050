using System;

namespace Smile.Nodectl
{
    /// <summary>
    /// LoRa time on air (Semtech's formula, as LoRaMac-node computes it): BW 125 kHz, CR 4/5, 8-symbol preamble,
    /// explicit header, CRC on, low-data-rate optimisation at SF11 and SF12. PHY payload = application payload + 13.
    /// </summary>
    public static class Airtime
    {
        public const int LoRaWanOverheadBytes = 13;

        public static double Milliseconds(int phyPayloadBytes, int spreadingFactor)
        {
            if (spreadingFactor is < 7 or > 12)
            {
                throw new ArgumentOutOfRangeException(nameof(spreadingFactor), "spreading factor must be 7 to 12");
            }

            double symbol = Math.Pow(2, spreadingFactor) / 125_000.0 * 1000;
            int lowDataRate = spreadingFactor >= 11 ? 1 : 0;
            double preamble = (8 + 4.25) * symbol;
            double numerator = 8.0 * phyPayloadBytes - 4 * spreadingFactor + 28 + 16;
            double payloadSymbols = 8 + Math.Max(Math.Ceiling(numerator / (4 * (spreadingFactor - 2 * lowDataRate))) * 5, 0);
            return preamble + payloadSymbols * symbol;
        }

        /// <summary>Uplinks a day within a daily airtime budget (TTN fair use: 30 s) or a duty cycle (1 %: 864 s).</summary>
        public static int UplinksPerDay(double airtimeMs, double budgetSecondsPerDay) => (int)Math.Floor(budgetSecondsPerDay * 1000 / airtimeMs);
    }
}
