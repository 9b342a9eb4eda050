namespace Smile.Demo
{
    /// <summary>The city on loopback (./run.sh --city): how many Smile Places, how long, how fast, and whether to break things.</summary>
    public sealed class CityOptions
    {
        public int Places { get; init; } = 3;

        /// <summary>How long the places send; then the city drains and the summary follows.</summary>
        public int Seconds { get; init; } = 60;

        /// <summary>Frames per second each place's fleet sends.</summary>
        public int RatePerPlace { get; init; } = 100;

        /// <summary>Nodes per place.</summary>
        public int Nodes { get; init; } = 20;

        /// <summary>SIGKILL one cluster member and one ingest instance a third of the way in.</summary>
        public bool Faults { get; init; }
    }
}
