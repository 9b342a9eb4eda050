using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// A presence radar (LD2410): it sees people who sit still, which a PIR misses. On the device the Ld2410 binding;
    /// in the tests a simulated radar that sends the datasheet's frames.
    /// </summary>
    public interface IPresenceRadar
    {
        /// <summary>Fills the report from the radar's next report frame, waiting up to the timeout; false when none came.</summary>
        bool Read(RadarReport report, int timeoutMs);
    }
}
