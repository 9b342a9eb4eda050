namespace Smile.Gateway.Sources
{
    public enum UplinkSource
    {
        Wifi = 0,
        ChirpStack = 1,
        TheThingsStack = 2,

        /// <summary>The gateway's own sensor on the Pi's I2C bus (Board/), under the gateway's id as node id.</summary>
        Gateway = 3,
    }

    /// <summary>Radio and network facts of one uplink, as far as the source tells them.</summary>
    public sealed record LinkInfo(string Transport, int? RssiDbm, double? SnrDb, string? GatewayId, long? FCnt, int? FPort, string? Lns);

    /// <summary>One frame as it arrived from a source, before decoding: who sent it, when, how, and its bytes.</summary>
    public sealed record Uplink(UplinkSource Source, string Topic, string NodeId, byte[] Frame, long ReceivedMs, LinkInfo Link, string? LnsDedupId);

    /// <summary>What a source could not turn into an uplink: kept for inspection with the reason.</summary>
    public sealed record SourceRejection(UplinkSource Source, string Topic, string? NodeId, byte[] Raw, long ReceivedMs, string Reason, string Message);

    public static class UplinkSourceNames
    {
        public static string Of(UplinkSource source) => source switch
        {
            UplinkSource.Wifi => "wifi",
            UplinkSource.ChirpStack => "chirpstack",
            UplinkSource.Gateway => "gateway",
            _ => "tts",
        };

        /// <summary>How an uplink of the source reached the gateway: the link's transport in messages and on the status page.</summary>
        public static string TransportOf(UplinkSource source) => source switch
        {
            UplinkSource.Wifi => "wifi",
            UplinkSource.Gateway => "i2c",
            _ => "lorawan",
        };
    }
}
