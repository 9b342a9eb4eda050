namespace Smile.Gateway.Health
{
    /// <summary>Whether the system clock is set from a time source (NTP, GPS), as far as the machine can tell.</summary>
    public enum ClockSyncState
    {
        Synchronized,

        /// <summary>Never set since boot, or lost: on a Raspberry Pi without RTC the time may be days behind.</summary>
        Unsynchronized,

        /// <summary>The machine does not say (not Linux, or the call was refused).</summary>
        Unknown,
    }

    /// <summary>Reads the clock's sync state; a seam so tests can play a Pi that boots without network.</summary>
    public interface IClockSync
    {
        ClockSyncState Read();
    }
}
