using Smile.Frames;
using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>An LD2410 as the cycle sees it: the state of its latest report, or nothing when it is silent.</summary>
    public sealed class SimulatedRadar : IPresenceRadar
    {
        /// <summary>Connect's four command waits on a silent radar (Ld2410Radar.ConnectWorstMs on the device).</summary>
        public const int SilentConnectMs = 400;

        private readonly VirtualClock _clock;

        public SimulatedRadar(VirtualClock clock) => _clock = clock;

        public int TargetState { get; set; }

        public int StationaryDistanceCm { get; set; }

        public bool Silent { get; set; }

        public bool Read(RadarReport report, int timeoutMs)
        {
            // The radar answers Connect at once and reports every 100 ms; a silent one costs Connect's waits and the whole wait.
            _clock.Spend(Silent ? SilentConnectMs + timeoutMs : 100);
            if (Silent)
            {
                return false;
            }

            report.TargetState = TargetState;
            report.MovingDistanceCm = 0;
            report.StationaryDistanceCm = StationaryDistanceCm;
            return true;
        }
    }
}
