using System;
using Smile.Frames;

namespace Smile.Codec.Bench
{
    /// <summary>The same readings for both formats: a Smile Place afternoon sampled every 5 minutes.</summary>
    public static class Readings
    {
        public static double Temperature(int i) => 21.37 + 0.03 * i;

        public static double Humidity(int i) => 45.5 - 0.5 * (i % 3);

        public static double Pressure(int i) => 1013.2 - 0.1 * (i / 4);

        public static int Motions(int i) => i % 4;

        public static Frame Frame(int samples)
        {
            var list = new Sample[samples];
            for (int i = 0; i < samples; i++)
            {
                var s = new Sample { Time = -(samples - 1 - i) * 300 };
                s.SetValue(Fields.Temperature, Temperature(i));
                s.SetValue(Fields.Humidity, Humidity(i));
                s.SetValue(Fields.Pressure, Pressure(i));
                s.Set(Fields.Presence, Motions(i) > 0 ? 1 : 0);
                s.Set(Fields.MotionCount, Motions(i));
                s.SetValue(Fields.Battery, 3.71);
                list[i] = s;
            }

            return new Frame { Type = FrameFormat.TypeMeasurement, Sequence = 1234, Boot = 3, Samples = list, SampleCount = samples };
        }

        /// <summary>LPP of the same samples, each on its own six channels (LPP has no batches or times).</summary>
        /// <param name="buffer">Where the LPP bytes go; large enough for six channels per sample.</param>
        /// <param name="samples">How many samples.</param>
        /// <param name="first">Index of the first reading: a field of the benchmark, so the JIT cannot fold the readings into constants.</param>
        public static int LppInto(Span<byte> buffer, int samples, int first = 0)
        {
            int at = 0;
            for (int i = first; i < first + samples; i++)
            {
                at += CayenneLpp.Encode(buffer.Slice(at), Temperature(i), Humidity(i), Pressure(i), Motions(i) > 0, Motions(i), 3.71, (i - first) * 6);
            }

            return at;
        }

        public static byte[] Lpp(int samples)
        {
            var buffer = new byte[samples * CayenneLpp.StandardSize];
            return buffer.AsSpan(0, LppInto(buffer, samples)).ToArray();
        }
    }
}
