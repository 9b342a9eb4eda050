namespace Smile.Frames
{
    /// <summary>Reads the body of a measurement frame: field set, sample count, times and values.</summary>
    internal static class MeasurementReader
    {
        public static void Read(BitReader reader, Frame frame)
        {
            int mask = ReadFieldSet(reader);
            int countStart = reader.BitPosition;
            long count = reader.ReadUe(0, "the sample count") + 1;
            if (reader.Failed)
            {
                return;
            }

            if (count > FrameFormat.MaxSamples)
            {
                reader.Fail(FrameErrorCode.TooManySamples, countStart, "the frame declares " + count.ToString()
                    + " samples; at most " + FrameFormat.MaxSamples.ToString() + " are allowed");
                return;
            }

            var samples = new Sample[(int)count];
            var first = new Sample();
            first.Time = frame.ClockSynced ? reader.ReadBits(32, "the time of the first sample") : -reader.ReadUe(0, "the age of the first sample");
            ReadFirstValues(reader, mask, first);
            samples[0] = first;

            long previousStep = 0;
            for (int i = 1; i < samples.Length && !reader.Failed; i++)
            {
                var sample = new Sample();
                previousStep = ReadTime(reader, frame.ClockSynced, i, samples[i - 1], previousStep, sample);
                ReadLaterValues(reader, mask, i, samples[i - 1], sample);
                samples[i] = sample;
            }

            frame.Samples = samples;
            frame.SampleCount = samples.Length;
        }

        private static int ReadFieldSet(BitReader reader)
        {
            int start = reader.BitPosition;
            if (reader.ReadBit("the field set"))
            {
                return Fields.StandardSet;
            }

            int mask = 0;
            for (int field = 0; field < Fields.Count; field++)
            {
                if (reader.ReadBit("the field map"))
                {
                    mask |= 1 << field;
                }
            }

            if (reader.Failed)
            {
                return 0;
            }

            if (mask == 0)
            {
                reader.Fail(FrameErrorCode.EmptyFieldSet, start, "the field map names no field");
            }
            else if (mask == Fields.StandardSet)
            {
                reader.Fail(FrameErrorCode.NonCanonical, start, "the field map spells out the standard set, which must use the 1-bit short form");
            }

            return mask;
        }

        private static void ReadFirstValues(BitReader reader, int mask, Sample sample)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if ((mask & (1 << field)) == 0)
                {
                    continue;
                }

                int start = reader.BitPosition;
                int raw = (int)reader.ReadBits(Fields.Width(field), Fields.Name(field));
                if (raw > Fields.MaxRaw(field))
                {
                    reader.Fail(FrameErrorCode.ValueOutOfRange, start, Fields.Name(field) + " code " + raw.ToString()
                        + " is above its maximum " + Fields.MaxRaw(field).ToString());
                }

                sample.Set(field, raw);
            }
        }

        /// <summary>Reads the time step of sample i and returns it: the first step directly, later ones as change of step.</summary>
        private static long ReadTime(BitReader reader, bool clockSynced, int index, Sample previous, long previousStep, Sample sample)
        {
            int start = reader.BitPosition;
            long step = index == 1 ? reader.ReadUe(0, "the time step of sample 1") + 1 : previousStep + reader.ReadSe(0, "the time step of sample " + index.ToString());
            sample.Time = previous.Time + step;
            if (reader.Failed)
            {
                return step;
            }

            if (step < 1 || step > BitReader.MaxCodeValue)
            {
                reader.Fail(FrameErrorCode.BadBatchDelta, start, "sample " + index.ToString() + " has a time step of "
                    + step.ToString() + " s; steps must be 1 s or more");
            }
            else if (!clockSynced && sample.Time > 0)
            {
                reader.Fail(FrameErrorCode.BadBatchDelta, start, "sample " + index.ToString() + " would be taken "
                    + sample.Time.ToString() + " s after the transmission");
            }
            else if (clockSynced && sample.Time > uint.MaxValue)
            {
                reader.Fail(FrameErrorCode.BadBatchDelta, start, "sample " + index.ToString() + " lies after the end of 32-bit Unix time");
            }

            return step;
        }

        private static void ReadLaterValues(BitReader reader, int mask, int index, Sample previous, Sample sample)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if ((mask & (1 << field)) == 0)
                {
                    continue;
                }

                int start = reader.BitPosition;
                string name = Fields.Name(field);
                long raw;
                int coding = Fields.Coding(field);
                if (coding == Fields.CodingFlag)
                {
                    raw = reader.ReadBits(1, name);
                }
                else if (coding == Fields.CodingCount)
                {
                    raw = reader.ReadUe(Fields.Order(field), name);
                    if (raw > Fields.MaxRaw(field))
                    {
                        reader.Fail(FrameErrorCode.ValueOutOfRange, start, name + " of sample " + index.ToString() + " is "
                            + raw.ToString() + ", above its maximum " + Fields.MaxRaw(field).ToString());
                    }
                }
                else
                {
                    long delta = reader.ReadSe(Fields.Order(field), name);
                    raw = previous.Get(field) + delta;
                    if (!reader.Failed && (raw < 0 || raw > Fields.MaxRaw(field)))
                    {
                        reader.Fail(FrameErrorCode.BadBatchDelta, start, name + " of sample " + index.ToString() + " changes by "
                            + delta.ToString() + " to code " + raw.ToString() + ", outside 0.." + Fields.MaxRaw(field).ToString());
                    }
                }

                if (reader.Failed)
                {
                    return;
                }

                sample.Set(field, (int)raw);
            }
        }
    }
}
