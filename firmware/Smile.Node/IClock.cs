namespace Smile.Node
{
    /// <summary>
    /// Time as the node knows it: seconds that keep counting across deep sleep (the RTC), and, once SNTP has set it,
    /// Unix time. The host runs days of cycles in seconds with a virtual clock behind this.
    /// </summary>
    public interface IClock
    {
        /// <summary>Seconds since the node first started, across deep sleep and resets.</summary>
        long Seconds { get; }

        /// <summary>True when <see cref="UnixSeconds"/> is set from SNTP.</summary>
        bool Synced { get; }

        long UnixSeconds { get; }

        /// <summary>Milliseconds of the current wake, for the wake budget.</summary>
        long AwakeMs { get; }
    }
}
