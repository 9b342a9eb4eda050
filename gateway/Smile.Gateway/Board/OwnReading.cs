using System.Globalization;
using Smile.Frames;

namespace Smile.Gateway.Board
{
    /// <summary>One reading of the Smile Place's own BME280, and the v1 frame it travels in, as a node's would.</summary>
    public sealed record OwnReading(double TemperatureC, double HumidityPercent, double PressureHpa)
    {
        /// <summary>
        /// Readings at least this far apart get distinct frame keys (see <see cref="ToFrame"/>); the shortest interval
        /// and the first retry after a failure are no shorter.
        /// </summary>
        public const int KeySeconds = 10;

        /// <summary>
        /// Why the reading cannot be a real one, or null. The bounds are the BME280's operating range (Bosch BME280
        /// datasheet BST-BME280-DS002, table 1): a value outside it is a bus or chip fault, not weather.
        /// </summary>
        public string? Implausible()
        {
            if (!(TemperatureC >= -40 && TemperatureC <= 85))
            {
                return "temperature " + Format(TemperatureC) + " °C is outside the BME280's -40..85 °C";
            }

            if (!(PressureHpa >= 300 && PressureHpa <= 1100))
            {
                return "pressure " + Format(PressureHpa) + " hPa is outside the BME280's 300..1100 hPa";
            }

            return HumidityPercent >= 0 && HumidityPercent <= 100 ? null : "humidity " + Format(HumidityPercent) + " % is outside 0..100 %";
        }

        /// <summary>
        /// The reading as a v1 measurement frame, sent at once (age 0, so observed_at is the gateway's receive time), or
        /// null with the reason when a value is outside what the frame carries (pressure below 700 hPa, above about
        /// 3,000 m). The frame key (boot, sequence) is the count of <see cref="KeySeconds"/> since 1970, modulo 2^16: it
        /// repeats after 7.6 days, well beyond the 24 hours the de-duplication remembers, so no state survives restarts
        /// for it. Only a clock set back repeats a key, and the repeat is then dropped and counted as a duplicate.
        /// </summary>
        public byte[]? ToFrame(long unixSeconds, out string? problem)
        {
            var sample = new Sample();
            if (!sample.SetValue(Fields.Temperature, TemperatureC) || !sample.SetValue(Fields.Humidity, HumidityPercent)
                || !sample.SetValue(Fields.Pressure, PressureHpa))
            {
                problem = "a value is outside the frame format's range: " + this;
                return null;
            }

            long key = unixSeconds / KeySeconds;
            var frame = new Frame
            {
                Type = FrameFormat.TypeMeasurement,
                Sequence = (int)(key % (FrameFormat.MaxSequence + 1)),
                Boot = (int)(key / (FrameFormat.MaxSequence + 1) % (FrameFormat.MaxBoot + 1)),
                Samples = new[] { sample },
                SampleCount = 1,
            };
            var result = new EncodeResult();
            byte[]? bytes = new FrameEncoder().EncodeToArray(frame, FrameFormat.LoRaWanMinimumPayload, result);
            problem = bytes == null ? result.ErrorMessage : null;
            return bytes;
        }

        private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
