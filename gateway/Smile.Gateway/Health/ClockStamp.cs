namespace Smile.Gateway.Health
{
    /// <summary>
    /// The wall clock's reading for one batch of uplinks, with its offset from the monotonic clock. Time passing moves
    /// both clocks alike; a step (NTP setting the wall clock) moves only the wall clock, so the difference of two
    /// offsets is the step between them, however long apart they were read.
    /// </summary>
    /// <param name="WallMs">Unix milliseconds: what received_at says.</param>
    /// <param name="OffsetMs">Wall minus monotonic clock, in milliseconds.</param>
    /// <param name="Unsynchronized">The clock's state, as <see cref="GatewayClock"/> last read it, said no time source had set it.</param>
    public readonly record struct ClockStamp(long WallMs, long OffsetMs, bool Unsynchronized);
}
