using Smile.Frames;

namespace Smile.Gateway.Tests
{
    /// <summary>Frames for tests that write the buffer or drive the pipeline without a fleet.</summary>
    internal static class TestFrames
    {
        public static byte[] Measurement(int sequence)
        {
            var sample = new Sample { Time = 0 };
            sample.SetValue(Fields.Temperature, 15 + sequence % 10);
            var frame = new Frame { Type = FrameFormat.TypeMeasurement, Sequence = sequence & 0xFFF, Boot = 1, Samples = new[] { sample }, SampleCount = 1 };
            return new FrameEncoder().EncodeToArray(frame, 64, new EncodeResult())!;
        }
    }
}
