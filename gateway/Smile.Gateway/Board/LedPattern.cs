using System;
using Smile.Gateway.Health;

namespace Smile.Gateway.Board
{
    /// <summary>What the status LED shows for each <see cref="GatewayState"/>.</summary>
    public enum LedPattern
    {
        /// <summary>Forwarding: on.</summary>
        Steady,

        /// <summary>Buffering: 1 Hz, half a second on, half off.</summary>
        SlowBlink,

        /// <summary>A fault: 5 Hz, unmistakably different from the slow blink at a glance.</summary>
        FastBlink,
    }

    public static class LedPatterns
    {
        public static LedPattern Of(GatewayState state) => state switch
        {
            GatewayState.Forwarding => LedPattern.Steady,
            GatewayState.Buffering => LedPattern.SlowBlink,
            _ => LedPattern.FastBlink,
        };

        /// <summary>How long the LED stays on, and then off; null for steady.</summary>
        public static TimeSpan? HalfPeriod(LedPattern pattern) => pattern switch
        {
            LedPattern.SlowBlink => TimeSpan.FromMilliseconds(500),
            LedPattern.FastBlink => TimeSpan.FromMilliseconds(100),
            _ => null,
        };
    }
}
