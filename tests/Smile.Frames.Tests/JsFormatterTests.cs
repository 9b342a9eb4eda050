using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using Smile.FrameFuzz;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>
    /// The JavaScript payload formatter (tools/formatter) under Node.js, run as The Things Stack and ChirpStack run
    /// it: ES5.1 only, every golden vector, and the same result as the reference decoder on random and mutated frames.
    /// </summary>
[Trait("Category", "process")]
    public class JsFormatterTests
    {
        private static readonly string Check = RepoPaths.Of("tests", "formatter", "check.js");

        [Fact]
        public void The_formatter_is_es5_and_within_the_things_stack_script_limit()
        {
            Assert.Contains("es5: ok", ProcessRunner.Run("node", Check, "es5"));
        }

        [Fact]
        public void Every_vector_valid_and_invalid_decodes_in_the_formatter_as_specified()
        {
            Assert.Contains("28 valid and 27 invalid vectors", ProcessRunner.Run("node", Check, "vectors"));
        }

        [Fact]
        public void The_formatter_names_its_fields_as_the_gateways_reading_table_does()
        {
            Assert.Contains("readings: 10 fields named as tests/vectors/readings.json names them", ProcessRunner.Run("node", Check, "readings"));
        }

        [Fact]
        public void The_formatter_and_the_reference_decoder_agree_on_50000_random_and_mutated_frames()
        {
            var random = new Random(4242);
            List<byte[]> seeds = Mutations.Seeds(random, Vectors.ValidNames().Select(n => Vectors.Bytes(Vectors.Named((string)n[0]))));
            var inputs = new List<byte[]>();
            for (int n = 0; n < 50_000; n++)
            {
                inputs.Add(n % 4 == 0 ? Mutations.RandomBytes(random) : Mutations.Mutate(random, seeds[random.Next(seeds.Count)]));
            }

            string[] decoded = RunDecode(inputs.Select(i => Convert.ToHexString(i).ToLowerInvariant()));

            Assert.Equal(inputs.Count, decoded.Length);
            int accepted = 0;
            for (int i = 0; i < inputs.Count; i++)
            {
                DecodeResult result = FrameDecoder.Decode(inputs[i]);
                accepted += result.Ok ? 1 : 0;
                JsonNode expected = FrameJson.FromResult(result);
                JsonNode actual = JsonNode.Parse(decoded[i])!;
                Assert.True(JsonNode.DeepEquals(expected, actual),
                    "frame " + Convert.ToHexString(inputs[i]) + "\n  reference:  " + expected.ToJsonString() + "\n  formatter: " + actual.ToJsonString());
            }

            Assert.InRange(accepted, 1000, inputs.Count - 1000);
        }

        private static string[] RunDecode(IEnumerable<string> hexLines)
        {
            var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Check);
            start.ArgumentList.Add("decode");
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            foreach (string hex in hexLines)
            {
                node.StandardInput.WriteLine(hex);
            }

            node.StandardInput.Close();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, error.Result);
            return output.Result.TrimEnd('\n').Split('\n');
        }
    }
}
