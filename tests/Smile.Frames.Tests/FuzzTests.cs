using System;
using System.Collections.Generic;
using System.Linq;
using Smile.FrameFuzz;
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
            var seeds = Mutations.Seeds(random, Vectors.ValidNames().Select(n => Vectors.Bytes(Vectors.Named((string)n[0]))));
            var encoder = new FrameEncoder();
            var encoded = new EncodeResult();
            var scratch = new byte[1024];
            int accepted = 0;
            var errorsSeen = new HashSet<FrameErrorCode>();

            for (int n = 0; n < Inputs; n++)
            {
                byte[] input = n % 4 == 0 ? Mutations.RandomBytes(random) : Mutations.Mutate(random, seeds[random.Next(seeds.Count)]);
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
    }
}
