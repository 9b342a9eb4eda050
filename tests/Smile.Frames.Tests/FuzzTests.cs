using System;
using System.Collections.Generic;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>
    /// A million random and mutated byte strings: the decoder never throws, always returns a typed result, and
    /// every string it accepts is canonical (re-encodes to itself), so no two byte strings mean the same frame.
    /// </summary>
    public class FuzzTests
    {
        private const int Inputs = 1_000_000;

        [Fact]
        public void Random_and_mutated_frames_always_get_a_typed_result()
        {
            var random = new Random(1337);
            var seeds = SeedFrames(random);
            var encoder = new FrameEncoder();
            var encoded = new EncodeResult();
            var scratch = new byte[1024];
            int accepted = 0;
            var errorsSeen = new HashSet<FrameErrorCode>();

            for (int n = 0; n < Inputs; n++)
            {
                byte[] input = n % 4 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Count)]);
                DecodeResult result = FrameDecoder.Decode(input);

                if (result.Ok)
                {
                    accepted++;
                    Assert.NotNull(result.Frame);
                    encoder.Encode(result.Frame!, scratch, 0, scratch.Length, encoded);
                    Assert.True(encoded.Ok, "accepted input " + Convert.ToHexString(input) + " does not re-encode: " + encoded.ErrorMessage);
                    Assert.Equal(Convert.ToHexString(input), Convert.ToHexString(scratch, 0, encoded.Length));
                }
                else
                {
                    errorsSeen.Add(result.Error);
                    Assert.Null(result.Frame);
                    Assert.InRange(result.ErrorByte, 0, input.Length);
                    Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
                }
            }

            // The mutations must reach both sides of the decoder, or the test proves little.
            Assert.InRange(accepted, Inputs / 100, Inputs - Inputs / 100);
            Assert.True(errorsSeen.Count >= 10, "only " + errorsSeen.Count + " kinds of error were reached");
        }

        internal static List<byte[]> SeedFrames(Random random)
        {
            var seeds = new List<byte[]>();
            foreach (object[] name in Vectors.ValidNames())
            {
                seeds.Add(Vectors.Bytes(Vectors.Named((string)name[0])));
            }

            var frames = new RandomFrames(random.Next());
            var encoder = new FrameEncoder();
            for (int i = 0; i < 200; i++)
            {
                Frame frame = i % 5 == 0 ? frames.Status() : frames.Measurement(8);
                seeds.Add(encoder.EncodeToArray(frame, 1024, new EncodeResult())!);
            }

            return seeds;
        }

        internal static byte[] RandomBytes(Random random)
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

        internal static byte[] Mutate(Random random, byte[] seed)
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
