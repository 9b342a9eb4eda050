namespace Smile.Gateway.Health
{
    /// <summary>The gateway at a glance, as the status page's first facts say it and the status LED shows it.</summary>
    public enum GatewayState
    {
        /// <summary>Ready, and the city platform takes the messages.</summary>
        Forwarding,

        /// <summary>Ready, but the city platform is away: messages wait in the buffer.</summary>
        Buffering,

        /// <summary>Not ready, or the Smile Place's hardware needs a technician (the page says why).</summary>
        Fault,
    }
}
