using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>tests/vectors/acks.json, the golden acknowledgements to Wi-Fi nodes (docs/frame-format-v1.md §12), both ways.</summary>
    public class AckVectorTests
    {
        private static readonly Lazy<JsonArray> All = new Lazy<JsonArray>(() =>
            JsonNode.Parse(File.ReadAllText(RepoPaths.Of("tests", "vectors", "acks.json")))!.AsArray());

        private static JsonObject Named(string name) =>
            All.Value.Select(item => item!.AsObject()).Single(item => (string?)item["name"] == name);

        private static IEnumerable<object[]> Where(Func<JsonObject, bool> keep) =>
            All.Value.Select(item => item!.AsObject()).Where(keep).Select(item => new object[] { (string)item["name"]! });

        public static IEnumerable<object[]> Valid() => Where(v => v["error"] == null);

        public static IEnumerable<object[]> InvalidBytes() => Where(v => v["error"] != null && v["hex"] != null);

        public static IEnumerable<object[]> InvalidFields() => Where(v => v["error"] != null && v["hex"] == null);

        [Theory]
        [MemberData(nameof(Valid))]
        public void Valid_ack_encodes_from_its_fields_to_its_bytes(string name)
        {
            JsonObject vector = Named(name);
            var bytes = new byte[NodeAck.Length];

            FrameErrorCode error = NodeAck.Encode((int)vector["sequence"]!, (int)vector["boot"]!, (int)vector["held"]!, bytes, 0);

            Assert.Equal(FrameErrorCode.None, error);
            Assert.Equal((string)vector["hex"]!, Convert.ToHexString(bytes).ToLowerInvariant());
        }

        [Theory]
        [MemberData(nameof(Valid))]
        public void Valid_ack_decodes_from_its_bytes_to_its_fields_and_names_exactly_its_frames(string name)
        {
            JsonObject vector = Named(name);
            byte[] ack = Convert.FromHexString((string)vector["hex"]!);
            int boot = (int)vector["boot"]!;

            Assert.Equal(FrameErrorCode.None, NodeAck.Check(ack, ack.Length));
            Assert.Equal((int)vector["sequence"]!, NodeAck.Sequence(ack));
            Assert.Equal(boot, NodeAck.Boot(ack));
            Assert.Equal((int)vector["held"]!, NodeAck.Held(ack));

            var expected = vector["names"]!.AsArray().Select(n => (int)n!).ToHashSet();
            for (int sequence = 0; sequence <= NodeAck.MaxSequence; sequence++)
            {
                Assert.True(expected.Contains(sequence) == NodeAck.Names(ack, sequence, boot), name + ": sequence " + sequence);
                Assert.False(NodeAck.Names(ack, sequence, (boot + 1) & NodeAck.MaxBoot), name + ": another boot, sequence " + sequence);
            }
        }

        [Theory]
        [MemberData(nameof(Valid))]
        public void Valid_ack_names_the_frames_its_held_bits_stand_for(string name)
        {
            JsonObject vector = Named(name);
            int sequence = (int)vector["sequence"]!, held = (int)vector["held"]!;

            var named = new List<int> { sequence };
            for (int i = 0; i < NodeAck.HeldFrames; i++)
            {
                if ((held & (1 << i)) != 0)
                {
                    named.Add(NodeAck.HeldSequence(sequence, i));
                }
            }

            Assert.Equal(vector["names"]!.AsArray().Select(n => (int)n!), named);
        }

        [Theory]
        [MemberData(nameof(InvalidBytes))]
        public void Invalid_ack_bytes_give_their_error(string name)
        {
            JsonObject vector = Named(name);
            byte[] bytes = Convert.FromHexString((string)vector["hex"]!);

            Assert.Equal((string)vector["error"]!, FrameErrorNames.Of(NodeAck.Check(bytes, bytes.Length)));
        }

        [Theory]
        [MemberData(nameof(InvalidFields))]
        public void Invalid_ack_fields_give_their_error_and_write_nothing(string name)
        {
            JsonObject vector = Named(name);
            var bytes = new byte[] { 0xAA, 0xAA, 0xAA, 0xAA };

            FrameErrorCode error = NodeAck.Encode((int)vector["sequence"]!, (int)vector["boot"]!, (int)vector["held"]!, bytes, 0);

            Assert.Equal((string)vector["error"]!, FrameErrorNames.Of(error));
            Assert.Equal("AAAAAAAA", Convert.ToHexString(bytes));
        }

        [Fact]
        public void Encode_into_a_short_buffer_is_refused()
        {
            Assert.Equal(FrameErrorCode.BufferTooSmall, NodeAck.Encode(4, 1, 15, new byte[5], 2));
            Assert.Equal(FrameErrorCode.None, NodeAck.Encode(4, 1, 15, new byte[5], 1));
        }

        [Fact]
        public void Vector_file_covers_both_directions_and_every_error()
        {
            var names = new HashSet<string>();
            foreach (JsonNode? item in All.Value)
            {
                Assert.True(names.Add((string)item!["name"]!), "duplicate vector name " + item["name"]);
            }

            Assert.True(Valid().Count() >= 5, "at least 5 valid acks");
            var errors = All.Value.Where(v => v!["error"] != null).Select(v => (string)v!["error"]!).ToHashSet();
            Assert.Superset(new HashSet<string> { "truncated", "trailing_bytes", "value_out_of_range" }, errors);
            Assert.Contains(All.Value, v => (string?)v!["hex"] == "0041000f"); // the example in §12
        }
    }
}
