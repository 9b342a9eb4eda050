namespace Smile.Node
{
    /// <summary>
    /// Time as the node knows it: seconds that keep counting across deep sleep (the RTC), and, once SNTP has set it,
    /// Unix time. Within a wake <see cref="Seconds"/> never jumps; a step SNTP makes shows as UnixSeconds - Seconds
    /// until the next wake, which starts on the stepped clock. The host runs days of cycles in seconds with a virtual
    /// clock behind this.
    /// </summary>
    public interface IClock
    {
        /// <summary>The RTC's seconds at the start of the wake plus the time awake since: steady within a wake.</summary>
        long Seconds { get; }

        /// <summary>True when <see cref="UnixSeconds"/> is set from SNTP.</summary>
        bool Synced { get; }

        long UnixSeconds { get; }

        /// <summary>Milliseconds of the current wake, for the wake budget.</summary>
        long AwakeMs { get; }
    }
}
