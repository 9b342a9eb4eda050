namespace Smile.Simulation.World
{
    /// <summary>An uplink as the gateway hears it: the RSSI and SNR ChirpStack puts in rxInfo.</summary>
    public readonly record struct LoRaLinkQuality(double RssiDbm, double SnrDb);
}
