using System;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>How the encoder treats what a node might hand it: the good, the too big and the wrong.</summary>
    public class EncoderTests
    {
        private readonly FrameEncoder _encoder = new FrameEncoder();
        private readonly EncodeResult _result = new EncodeResult();

        [Fact]
        public void Standard_set_with_a_minute_old_sample_is_11_bytes_and_cayenne_lpp_needs_18()
        {
            Frame frame = Frame(StandardSample(-62));

            byte[] bytes = Encode(frame, 64);

            Assert.Equal(11, bytes.Length);
        }

        [Fact]
        public void Further_samples_of_a_realistic_day_take_at_most_5_bytes_each()
        {
            // One day at a 5-minute interval: slow temperature swing, humidity and pressure drift, occasional motion.
            var random = new Random(3);
            var samples = new Sample[288];
            for (int i = 0; i < samples.Length; i++)
            {
                var s = new Sample { Time = i * 300 + random.Next(-2, 3) };
                s.SetValue(Fields.Temperature, 14 + 6 * Math.Sin(i * Math.PI / 144) + random.NextDouble() * 0.1);
                s.SetValue(Fields.Humidity, 70 - 20 * Math.Sin(i * Math.PI / 144) + random.NextDouble());
                s.SetValue(Fields.Pressure, 1008 + i * 0.01 + random.NextDouble() * 0.2);
                s.Set(Fields.Presence, random.Next(3) == 0 ? 1 : 0);
                s.Set(Fields.MotionCount, random.Next(4) == 0 ? random.Next(0, 12) : 0);
                s.SetValue(Fields.Battery, 3.9 - i * 0.0005);
                samples[i] = s;
            }

            for (int start = 0; start + 20 <= samples.Length; start += 20)
            {
                long transmit = samples[start + 19].Time;
                int first = Encode(Frame(samples, start, 1, transmit), 64).Length;
                for (int n = 2; n <= 20; n++)
                {
                    int size = Encode(Frame(samples, start, n, transmit), 255).Length;
                    Assert.True(size - first <= 5 * (n - 1), n + " samples from " + start + " take " + size + " bytes, the first alone " + first);
                }
            }
        }

        [Fact]
        public void A_batch_is_split_at_the_size_limit_and_the_rest_goes_in_the_next_frame()
        {
            var samples = new Sample[40];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = StandardSample(i * 300 - 12_000);
            }

            Frame frame = Frame(samples, 0, samples.Length, 0);
            int total = 0;
            while (frame.SampleCount > 0)
            {
                Assert.True(Encode(frame, FrameFormat.LoRaWanMinimumPayload).Length <= FrameFormat.LoRaWanMinimumPayload);
                Assert.True(_result.SamplesTaken > 1);
                total += _result.SamplesTaken;
                frame.FirstSample += _result.SamplesTaken;
                frame.SampleCount -= _result.SamplesTaken;
            }

            Assert.Equal(40, total);
        }

        [Fact]
        public void A_change_of_fields_or_a_clock_step_backwards_ends_the_batch()
        {
            Sample a = StandardSample(-600), b = StandardSample(-300), c = StandardSample(-300), d = StandardSample(0);
            b.Remove(Fields.Presence);

            Encode(Frame(new[] { a, b, d }, 0, 3, 0), 51);
            Assert.Equal(1, _result.SamplesTaken);

            Encode(Frame(new[] { a, c, c }, 0, 3, 0), 51);
            Assert.Equal(2, _result.SamplesTaken);
        }

        [Fact]
        public void A_value_outside_its_field_is_an_error_naming_sample_and_field()
        {
            Sample bad = StandardSample(0);
            bad.Set(Fields.Humidity, 250);

            _encoder.Encode(Frame(bad), new byte[64], 0, 64, _result);

            Assert.Equal(FrameErrorCode.ValueOutOfRange, _result.Error);
            Assert.Equal(0, _result.ErrorSample);
            Assert.Equal(Fields.Humidity, _result.ErrorField);
            Assert.Contains("humidity_pct", _result.ErrorMessage);
        }

        [Fact]
        public void A_later_bad_sample_ends_the_batch_and_is_reported_when_its_turn_comes()
        {
            Sample good = StandardSample(-300), bad = StandardSample(0);
            bad.Set(Fields.Humidity, 250);
            Frame frame = Frame(new[] { good, bad }, 0, 2, 0);

            Encode(frame, 64);
            Assert.Equal(1, _result.SamplesTaken);

            frame.FirstSample = 1;
            frame.SampleCount = 1;
            _encoder.Encode(frame, new byte[64], 0, 64, _result);
            Assert.Equal(FrameErrorCode.ValueOutOfRange, _result.Error);
        }

        [Theory]
        [InlineData(4096, 0)]
        [InlineData(-1, 0)]
        [InlineData(0, 16)]
        public void Header_values_outside_their_bits_are_refused(int sequence, int boot)
        {
            Frame frame = Frame(StandardSample(0));
            frame.Sequence = sequence;
            frame.Boot = boot;

            _encoder.Encode(frame, new byte[64], 0, 64, _result);

            Assert.Equal(FrameErrorCode.InvalidHeader, _result.Error);
        }

        [Fact]
        public void Too_small_a_buffer_and_no_samples_are_errors_not_exceptions()
        {
            _encoder.Encode(Frame(StandardSample(0)), new byte[64], 0, 9, _result);
            Assert.Equal(FrameErrorCode.BufferTooSmall, _result.Error);

            _encoder.Encode(new Frame(), new byte[64], 0, 64, _result);
            Assert.Equal(FrameErrorCode.NoSamples, _result.Error);

            _encoder.Encode(Frame(StandardSample(10)), new byte[64], 0, 64, _result);
            Assert.Equal(FrameErrorCode.BadBatchDelta, _result.Error);
        }

        [Fact]
        public void Encoding_into_the_middle_of_a_buffer_leaves_the_rest_alone()
        {
            var buffer = new byte[32];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0xEE;
            }

            _encoder.Encode(Frame(StandardSample(-2)), buffer, 5, 20, _result);

            Assert.Equal(0xEE, buffer[4]);
            Assert.Equal(0xEE, buffer[5 + _result.Length]);
            DecodeResult decoded = FrameDecoder.Decode(buffer, 5, _result.Length);
            Assert.True(decoded.Ok, decoded.ErrorMessage);
        }

        private byte[] Encode(Frame frame, int maxBytes)
        {
            byte[]? bytes = _encoder.EncodeToArray(frame, maxBytes, _result);
            Assert.True(_result.Ok, _result.ErrorMessage);
            return bytes!;
        }

        private static Sample StandardSample(long time)
        {
            var s = new Sample { Time = time };
            s.SetValue(Fields.Temperature, 21.37);
            s.SetValue(Fields.Humidity, 45.5);
            s.SetValue(Fields.Pressure, 1013.2);
            s.Set(Fields.Presence, 1);
            s.Set(Fields.MotionCount, 3);
            s.SetValue(Fields.Battery, 3.71);
            return s;
        }

        private static Frame Frame(Sample sample) => Frame(new[] { sample }, 0, 1, 0);

        private static Frame Frame(Sample[] samples, int first, int count, long transmitTime)
        {
            return new Frame { Type = FrameFormat.TypeMeasurement, Sequence = 1, Samples = samples, FirstSample = first, SampleCount = count, TransmitTime = transmitTime };
        }
    }
}
