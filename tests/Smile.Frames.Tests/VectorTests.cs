using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Xunit;

namespace Smile.Frames.Tests
{
    public class VectorTests
    {
        [Theory]
        [MemberData(nameof(Vectors.ValidNames), MemberType = typeof(Vectors))]
        public void Valid_vector_decodes_to_its_expected_json(string name)
        {
            JsonObject vector = Vectors.Named(name);
            DecodeResult result = FrameDecoder.Decode(Vectors.Bytes(vector));

            Assert.True(result.Ok, name + ": " + result.ErrorMessage);
            JsonObject actual = WithoutWarningMessages(FrameJson.FromResult(result));
            Assert.Equal(vector["decoded"]!.ToJsonString(), actual.ToJsonString());
        }

        [Theory]
        [MemberData(nameof(Vectors.ValidNames), MemberType = typeof(Vectors))]
        public void Valid_vector_reencodes_to_the_same_bytes_from_the_decoded_frame(string name)
        {
            byte[] bytes = Vectors.Bytes(Vectors.Named(name));
            Frame frame = FrameDecoder.Decode(bytes).Frame!;

            var result = new EncodeResult();
            byte[]? again = new FrameEncoder().EncodeToArray(frame, 1024, result);

            Assert.True(result.Ok, result.ErrorMessage);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(again!));
        }

        [Theory]
        [MemberData(nameof(Vectors.ValidNames), MemberType = typeof(Vectors))]
        public void Valid_vector_encodes_from_its_json_alone(string name)
        {
            JsonObject vector = Vectors.Named(name);
            Frame frame = FrameJsonReader.Read(vector["decoded"]!.AsObject());

            var result = new EncodeResult();
            byte[]? bytes = new FrameEncoder().EncodeToArray(frame, 1024, result);

            Assert.True(result.Ok, result.ErrorMessage);
            Assert.Equal((string)vector["hex"]!, Convert.ToHexString(bytes!).ToLowerInvariant());
        }

        [Theory]
        [MemberData(nameof(Vectors.InvalidNames), MemberType = typeof(Vectors))]
        public void Invalid_vector_gives_its_typed_error_at_its_byte(string name)
        {
            JsonObject vector = Vectors.Named(name);
            DecodeResult result = FrameDecoder.Decode(Vectors.Bytes(vector));

            Assert.False(result.Ok);
            Assert.Null(result.Frame);
            Assert.Equal((string)vector["error"]!["code"]!, result.ErrorName);
            Assert.Equal((int)vector["error"]!["byte"]!, result.ErrorByte);
            Assert.StartsWith("byte " + result.ErrorByte + ": ", result.ErrorMessage);
        }

        [Fact]
        public void Vector_file_covers_what_the_format_promises()
        {
            var names = new HashSet<string>();
            var errors = new HashSet<string>();
            int fieldsSeen = 0;
            bool batch = false, status = false, synced = false;
            foreach (JsonNode? item in Vectors.Items)
            {
                Assert.True(names.Add((string)item!["name"]!), "duplicate vector name " + item["name"]);
                if (item["error"] != null)
                {
                    errors.Add((string)item["error"]!["code"]!);
                    continue;
                }

                Frame frame = FrameDecoder.Decode(Vectors.Bytes(item.AsObject())).Frame!;
                batch |= frame.SampleCount > 1;
                status |= frame.Type == FrameFormat.TypeStatus;
                synced |= frame.ClockSynced;
                for (int i = 0; i < frame.SampleCount; i++)
                {
                    fieldsSeen |= frame.Samples[i].FieldMask;
                }
            }

            Assert.True(Vectors.Items.Count - CountValid() >= 15, "at least 15 invalid vectors");
            Assert.Equal(Fields.AllFields, fieldsSeen);
            Assert.True(batch && status && synced, "batch, status and clock-synced frames are covered");
            foreach (string code in new[] { "truncated", "unknown_version", "reserved_bit_set", "nonzero_padding", "non_canonical",
                "empty_field_set", "too_many_samples", "malformed_code", "value_out_of_range", "bad_batch_delta", "bad_extension", "trailing_bytes" })
            {
                Assert.Contains(code, errors);
            }
        }

        [Fact]
        public void Standard_vector_is_the_standard_set_in_at_most_11_bytes()
        {
            JsonObject vector = Vectors.Named("standard");
            Frame frame = FrameDecoder.Decode(Vectors.Bytes(vector)).Frame!;

            Assert.True(((string)vector["hex"]!).Length <= 22);
            Assert.Equal(1, frame.SampleCount);
            Assert.Equal(Fields.StandardSet, frame.Samples[0].FieldMask);
        }

        private static int CountValid()
        {
            int valid = 0;
            foreach (object[] unused in Vectors.ValidNames())
            {
                valid++;
            }

            return valid;
        }

        private static JsonObject WithoutWarningMessages(JsonObject json)
        {
            foreach (JsonNode? warning in json["warnings"]!.AsArray())
            {
                warning!.AsObject().Remove("message");
            }

            return json;
        }
    }
}
