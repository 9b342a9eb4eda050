using System;

namespace Smile.Node
{
    /// <summary>Exponential back-off with full jitter: a random wait between 0 and min(cap, base × 2^attempt).</summary>
    public static class Jitter
    {
        public static long Backoff(Random random, int attempt, long baseSeconds, long capSeconds)
        {
            long ceiling = baseSeconds;
            for (int i = 0; i < attempt && ceiling < capSeconds; i++)
            {
                ceiling *= 2;
            }

            if (ceiling > capSeconds)
            {
                ceiling = capSeconds;
            }

            return (long)(random.NextDouble() * ceiling);
        }
    }
}
