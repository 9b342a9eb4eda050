using System;

namespace Smile.Simulation.World
{
    /// <summary>
    /// Random numbers as a pure function of (seed, keys): a node's reading at a given second is the same whoever asks
    /// first, so the model needs no state and a test can ask for any time in any order. SplitMix64 (Steele, Lea,
    /// Flood 2014) mixes the keys.
    /// </summary>
    public static class SeededNoise
    {
        /// <summary>Uniform in [0, 1).</summary>
        public static double Uniform(int seed, long a, long b = 0, long c = 0)
        {
            ulong x = Mix((ulong)seed ^ Mix((ulong)a ^ Mix((ulong)b ^ Mix((ulong)c))));
            return (x >> 11) * (1.0 / (1UL << 53));
        }

        /// <summary>Uniform in [low, high).</summary>
        public static double Between(double low, double high, int seed, long a, long b = 0, long c = 0) => low + (high - low) * Uniform(seed, a, b, c);

        /// <summary>Standard normal (Box–Muller), cut at ±3 so a noise term has a hard bound.</summary>
        public static double Gaussian(int seed, long a, long b = 0, long c = 0)
        {
            double u1 = 1.0 - Uniform(seed, a, b, c);
            double u2 = Uniform(seed ^ 0x5bd1e995, a, b, c);
            double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Clamp(z, -3, 3);
        }

        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
