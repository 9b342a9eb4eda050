using System;
using Smile.FrameFuzz;
using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>Seeded random frames encode, decode back to the same codes and times, and re-encode to the same bytes.</summary>
    public class RoundTripTests
    {
        private const int SampleSets = 100_000;

        [Fact]
        public void Random_measurement_frames_round_trip_exactly()
        {
            var random = new RandomFrames(20261121);
            var encoder = new FrameEncoder();
            var result = new EncodeResult();
            var buffer = new byte[4096];
            for (int n = 0; n < SampleSets; n++)
            {
                Frame frame = random.Measurement(12);
                encoder.Encode(frame, buffer, 0, buffer.Length, result);
                Assert.True(result.Ok, "set " + n + ": " + result.ErrorMessage);
                Assert.Equal(frame.SampleCount, result.SamplesTaken);

                DecodeResult decoded = FrameDecoder.Decode(buffer, 0, result.Length);
                Assert.True(decoded.Ok, "set " + n + ": " + decoded.ErrorMessage);
                AssertSameMeasurement(frame, decoded.Frame!);

                byte[]? again = encoder.EncodeToArray(decoded.Frame!, 4096, new EncodeResult());
                Assert.Equal(Convert.ToHexString(buffer, 0, result.Length), Convert.ToHexString(again!));
            }
        }

        [Fact]
        public void Random_status_frames_round_trip_exactly()
        {
            var random = new RandomFrames(7);
            var encoder = new FrameEncoder();
            var result = new EncodeResult();
            for (int n = 0; n < 20_000; n++)
            {
                Frame frame = random.Status();
                byte[]? bytes = encoder.EncodeToArray(frame, 64, result);
                Assert.True(result.Ok, result.ErrorMessage);

                Frame back = FrameDecoder.Decode(bytes!).Frame!;
                NodeStatus a = frame.Status!, b = back.Status!;
                Assert.Equal((a.FirmwareMajor, a.FirmwareMinor, a.FirmwarePatch, a.ResetReason, a.ConfigVersion, a.UptimeSeconds),
                    (b.FirmwareMajor, b.FirmwareMinor, b.FirmwarePatch, b.ResetReason, b.ConfigVersion, b.UptimeSeconds));
                Assert.Equal((a.BufferedSamples, a.DroppedSamples, a.HasLink, a.RssiDbm, a.SnrQuarterDb, a.HasBattery, a.BatteryRaw),
                    (b.BufferedSamples, b.DroppedSamples, b.HasLink, b.RssiDbm, b.SnrQuarterDb, b.HasBattery, b.BatteryRaw));
                Assert.Equal(frame.ClockSynced ? frame.TransmitTime : 0, back.TransmitTime);
            }
        }

        [Fact]
        public void Batches_split_into_frames_that_fit_and_lose_nothing()
        {
            var random = new RandomFrames(51);
            var encoder = new FrameEncoder();
            var result = new EncodeResult();
            var buffer = new byte[FrameFormat.LoRaWanMinimumPayload];
            for (int n = 0; n < 2_000; n++)
            {
                Frame frame = random.Measurement(200);
                Sample[] all = frame.Samples;
                int done = 0;
                while (frame.SampleCount > 0)
                {
                    encoder.Encode(frame, buffer, 0, buffer.Length, result);
                    Assert.True(result.Ok, result.ErrorMessage);
                    Assert.InRange(result.Length, 1, FrameFormat.LoRaWanMinimumPayload);

                    Frame decoded = FrameDecoder.Decode(buffer, 0, result.Length).Frame!;
                    AssertSameMeasurement(new Frame { Samples = all, FirstSample = done, SampleCount = result.SamplesTaken, ClockSynced = frame.ClockSynced, TransmitTime = frame.TransmitTime }, decoded);
                    done += result.SamplesTaken;
                    frame.FirstSample += result.SamplesTaken;
                    frame.SampleCount -= result.SamplesTaken;
                }

                Assert.Equal(all.Length, done);
            }
        }

        /// <summary>Codes equal; times equal on the synced clock, or equal as ages before transmission.</summary>
        private static void AssertSameMeasurement(Frame expected, Frame actual)
        {
            Assert.Equal(expected.SampleCount, actual.SampleCount);
            for (int i = 0; i < expected.SampleCount; i++)
            {
                Sample e = expected.Samples[expected.FirstSample + i];
                Sample a = actual.Samples[i];
                Assert.Equal(e.FieldMask, a.FieldMask);
                for (int field = 0; field < Fields.Count; field++)
                {
                    Assert.Equal(e.Get(field), a.Get(field));
                }

                long expectedTime = expected.ClockSynced ? e.Time : e.Time - expected.TransmitTime;
                Assert.Equal(expectedTime, a.Time);
            }
        }
    }
}
