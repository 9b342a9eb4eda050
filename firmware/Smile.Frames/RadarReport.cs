namespace Smile.Frames
{
    /// <summary>
    /// Presence radar (LD2410) state at the newest sample of a frame: extension tag 1. Only a state and distances
    /// leave the node, nothing that identifies a person.
    /// </summary>
    public sealed class RadarReport
    {
        public const int NoTarget = 0;
        public const int MovingTarget = 1;
        public const int StationaryTarget = 2;
        public const int MovingAndStationaryTarget = 3;

        private static readonly string[] StateNames = { "none", "moving", "stationary", "moving_and_stationary" };

        /// <summary>0 to 3, the radar's target state.</summary>
        public int TargetState { get; set; }

        public int MovingDistanceCm { get; set; }

        public int StationaryDistanceCm { get; set; }

        public static string StateName(int state) => StateNames[state];
    }
}
