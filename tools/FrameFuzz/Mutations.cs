using System;
using System.Collections.Generic;
using Smile.Frames;

namespace Smile.FrameFuzz
{
    /// <summary>Inputs that try the decoder: random bytes with a plausible header, and valid frames with 1 to 3 edits.</summary>
    public static class Mutations
    {
        /// <summary>The valid vectors and 200 random frames (a fifth of them status frames): what the mutations start from.</summary>
        public static List<byte[]> Seeds(Random random, IEnumerable<byte[]> vectors)
        {
            var seeds = new List<byte[]>(vectors);
            var frames = new RandomFrames(random.Next());
            var encoder = new FrameEncoder();
            for (int i = 0; i < 200; i++)
            {
                Frame frame = i % 5 == 0 ? frames.Status() : frames.Measurement(8);
                seeds.Add(encoder.EncodeToArray(frame, 1024, new EncodeResult())!);
            }

            return seeds;
        }

        public static byte[] RandomBytes(Random random)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                // A plausible header byte: version 1, any type and flags.
                bytes[0] = (byte)(0x20 | (random.Next(32) & 0x1E));
            }

            return bytes;
        }

        public static byte[] Mutate(Random random, byte[] seed)
        {
            var bytes = new List<byte>(seed);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int kind = random.Next(5);
                if (kind == 0 && bytes.Count > 0)
                {
                    int i = random.Next(bytes.Count);
                    bytes[i] ^= (byte)(1 << random.Next(8));
                }
                else if (kind == 1 && bytes.Count > 0)
                {
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                }
                else if (kind == 2)
                {
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                }
                else if (kind == 3 && bytes.Count > 0)
                {
                    int cut = random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                }
                else if (bytes.Count > 0)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }
            }

            return bytes.ToArray();
        }
    }
}
