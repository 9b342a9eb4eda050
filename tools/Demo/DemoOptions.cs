namespace Smile.Demo
{
    public sealed class DemoOptions
    {
        public int Nodes { get; init; } = 60;

        public double WifiShare { get; init; } = 0.4;

        /// <summary>Fleet seconds per real second.</summary>
        public double Speed { get; init; } = 60;

        /// <summary>0: until Ctrl+C; otherwise run this long, then print the summary and exit non-zero if anything was lost.</summary>
        public int Seconds { get; init; }

        public int Seed { get; init; } = 1;

        /// <summary>The live table; off when the output is not a terminal (a progress line every 5 s instead).</summary>
        public bool Live { get; init; } = true;
    }
}
