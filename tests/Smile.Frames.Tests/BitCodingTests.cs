using System;
using System.Text;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>The bit-level building blocks against codes written out by hand from the spec.</summary>
    public class BitCodingTests
    {
        [Theory]
        [InlineData(0, 0, "1")]
        [InlineData(1, 0, "010")]
        [InlineData(2, 0, "011")]
        [InlineData(3, 0, "00100")]
        [InlineData(6, 0, "00111")]
        [InlineData(7, 0, "0001000")]
        [InlineData(0, 3, "1000")]
        [InlineData(7, 3, "1111")]
        [InlineData(8, 3, "010000")]
        [InlineData(0, 1, "10")]
        [InlineData(2, 1, "0100")]
        public void Unsigned_exp_golomb_matches_the_textbook_codes(long value, int k, string bits)
        {
            Assert.Equal(bits, Write(w => w.WriteUe(value, k)));
            Assert.Equal(bits.Length, BitWriter.UeLength(value, k));
            Assert.Equal(value, Read(bits, r => r.ReadUe(k, "x")));
        }

        [Theory]
        [InlineData(0, "1")]
        [InlineData(1, "010")]
        [InlineData(-1, "011")]
        [InlineData(2, "00100")]
        [InlineData(-2, "00101")]
        public void Signed_exp_golomb_maps_positive_to_odd_codes(long value, string bits)
        {
            Assert.Equal(bits, Write(w => w.WriteSe(value, 0)));
            Assert.Equal(value, Read(bits, r => r.ReadSe(0, "x")));
        }

        [Fact]
        public void Largest_code_value_reads_back_and_one_more_is_malformed()
        {
            string largest = Write(w => w.WriteUe(BitReader.MaxCodeValue, 0));
            Assert.Equal(BitReader.MaxCodeValue, Read(largest, r => r.ReadUe(0, "x")));

            var reader = Reader(Write(w => w.WriteUe(BitReader.MaxCodeValue + 1, 0)));
            reader.ReadUe(0, "the age");
            Assert.Equal(FrameErrorCode.MalformedCode, reader.Error);
        }

        [Fact]
        public void Reading_past_the_end_fails_once_and_keeps_the_first_error()
        {
            var reader = Reader("101");
            reader.ReadBits(2, "a");
            reader.ReadBits(8, "the pressure");
            reader.ReadBits(8, "something else");

            Assert.Equal(FrameErrorCode.Truncated, reader.Error);
            Assert.Contains("the pressure", reader.ErrorMessage);
        }

        [Fact]
        public void Writer_stops_at_its_capacity_and_reports_overflow()
        {
            var buffer = new byte[3];
            var writer = new BitWriter();
            writer.Reset(buffer, 1, 1);
            writer.WriteBits(0xFF, 8);
            Assert.False(writer.Overflow);
            writer.WriteBits(1, 1);

            Assert.True(writer.Overflow);
            Assert.Equal(new byte[] { 0, 0xFF, 0 }, buffer);
        }

        [Fact]
        public void Standard_frame_is_the_bit_layout_the_spec_gives()
        {
            // docs/frame-format-v1.md, "Worked example", field by field.
            string bits = "001" + "00" + "0" + "0" + "0"          // version 1, measurement, not synced, no extensions, reserved
                + "010011010010" + "0011"                          // sequence 1234, boot 3
                + "1" + "1" + "011"                                // standard set, 1 sample, age 2 s
                + "01011111111001"                                 // temperature 21.37 C: (21.37 + 40) x 100 = 6137
                + "01011011"                                       // humidity 45.5 %: 91
                + "110000111100"                                   // pressure 1013.2 hPa: (1013.2 - 700) x 10 = 3132
                + "1" + "00000011"                                 // presence, motion count 3
                + "10101011";                                      // battery 3.71 V: (3.71 - 2.00) x 100 = 171
            Assert.Equal(ToHex(bits), (string)Vectors.Named("standard")["hex"]!);
        }

        private static string Write(Action<BitWriter> write)
        {
            var buffer = new byte[16];
            var writer = new BitWriter();
            writer.Reset(buffer, 0, buffer.Length);
            write(writer);
            var text = new StringBuilder();
            for (int i = 0; i < writer.BitPosition; i++)
            {
                text.Append((buffer[i / 8] >> (7 - i % 8)) & 1);
            }

            return text.ToString();
        }

        private static long Read(string bits, Func<BitReader, long> read)
        {
            BitReader reader = Reader(bits);
            long value = read(reader);
            Assert.False(reader.Failed, reader.ErrorMessage);
            Assert.Equal(bits.Length, reader.BitPosition);
            return value;
        }

        private static BitReader Reader(string bits)
        {
            byte[] bytes = Convert.FromHexString(ToHex(bits));
            var reader = new BitReader();
            reader.Reset(bytes, 0, bytes.Length);
            return reader;
        }

        private static string ToHex(string bits)
        {
            bits = bits.PadRight((bits.Length + 7) / 8 * 8, '0');
            var hex = new StringBuilder();
            for (int i = 0; i < bits.Length; i += 8)
            {
                hex.Append(Convert.ToByte(bits.Substring(i, 8), 2).ToString("x2"));
            }

            return hex.ToString();
        }
    }
}
