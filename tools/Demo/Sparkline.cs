using System;
using System.Collections.Generic;
using System.Linq;

namespace Smile.Demo
{
    /// <summary>A row of readings as Unicode block characters, lowest ▁ to highest █: a node's recent course at a glance.</summary>
    public static class Sparkline
    {
        private const string Blocks = "▁▂▃▄▅▆▇█";

        /// <param name="values">the readings, oldest first.</param>
        /// <param name="minimumSpan">
        /// the smallest range the eight levels stretch over, so that noise smaller than it stays a nearly flat line
        /// instead of filling the whole height; readings within a narrower range sit around the middle.
        /// </param>
        public static string Render(IReadOnlyList<double> values, double minimumSpan)
        {
            if (values.Count == 0)
            {
                return "";
            }

            double low = values.Min();
            double high = values.Max();
            if (high - low < minimumSpan)
            {
                double middle = (low + high) / 2;
                low = middle - minimumSpan / 2;
                high = middle + minimumSpan / 2;
            }

            if (high <= low)
            {
                return new string(Blocks[Blocks.Length / 2 - 1], values.Count);
            }

            return new string(values.Select(v => Blocks[(int)Math.Round((v - low) / (high - low) * (Blocks.Length - 1))]).ToArray());
        }
    }
}
