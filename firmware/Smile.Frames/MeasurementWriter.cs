namespace Smile.Frames
{
    /// <summary>
    /// Writes a measurement frame: the first sample in full, each later one as a time step and per-field changes.
    /// It measures with the same code it writes with (a counting <see cref="BitWriter"/>), then writes the
    /// longest run of samples that fits.
    /// </summary>
    internal static class MeasurementWriter
    {
        public static void Encode(BitWriter writer, Frame frame, byte[] buffer, int offset, int maxBytes, EncodeResult result)
        {
            if (frame.SampleCount < 1 || frame.FirstSample < 0 || frame.FirstSample + frame.SampleCount > frame.Samples.Length)
            {
                result.Fail(FrameErrorCode.NoSamples, -1, -1, "a measurement frame needs at least one sample");
                return;
            }

            Sample first = frame.Samples[frame.FirstSample];
            int mask = first.FieldMask;
            if (mask == 0)
            {
                result.Fail(FrameErrorCode.EmptyFieldSet, 0, -1, "the first sample carries no reading");
                return;
            }

            if (!CheckValues(first, 0, result) || !CheckFirstTime(frame, first, result))
            {
                return;
            }

            string extensionProblem;
            int extensionBytes = ExtensionWriter.Size(frame, out extensionProblem);
            if (extensionBytes < 0)
            {
                result.Fail(FrameErrorCode.BadExtension, -1, -1, extensionProblem);
                return;
            }

            int candidates = CountBatchable(frame, mask);

            writer.Reset(null, 0, 0);
            FrameEncoder.WriteHeader(writer, frame, frame.HasExtensions);
            WriteFieldSet(writer, mask);
            WriteFirstTime(writer, frame, first);
            WriteFirstValues(writer, first, mask);
            int fixedBits = writer.BitPosition;

            int taken = 0;
            int laterBits = 0;
            long step = 0;
            for (int k = 1; k <= candidates; k++)
            {
                if (k > 1)
                {
                    writer.Reset(null, 0, 0);
                    step = WriteLater(writer, frame, k - 1, step, mask);
                    laterBits += writer.BitPosition;
                }

                int bits = fixedBits + BitWriter.UeLength(k - 1, 0) + laterBits;
                if ((bits + 7) / 8 + extensionBytes > maxBytes)
                {
                    break;
                }

                taken = k;
            }

            if (taken == 0)
            {
                result.Fail(FrameErrorCode.BufferTooSmall, 0, -1, "one sample needs " + ((fixedBits + 8) / 8 + extensionBytes).ToString()
                    + " bytes but only " + maxBytes.ToString() + " are allowed");
                return;
            }

            writer.Reset(buffer, offset, maxBytes);
            FrameEncoder.WriteHeader(writer, frame, frame.HasExtensions);
            WriteFieldSet(writer, mask);
            writer.WriteUe(taken - 1, 0);
            WriteFirstTime(writer, frame, first);
            WriteFirstValues(writer, first, mask);
            step = 0;
            for (int i = 1; i < taken; i++)
            {
                step = WriteLater(writer, frame, i, step, mask);
            }

            writer.AlignToByte();
            if (frame.HasExtensions)
            {
                ExtensionWriter.Write(writer, frame);
            }

            result.Succeed(writer.ByteLength, taken);
        }

        /// <summary>How many samples from the first can share one frame: same fields, strictly later times, valid values.</summary>
        private static int CountBatchable(Frame frame, int mask)
        {
            int limit = frame.SampleCount < FrameFormat.MaxSamples ? frame.SampleCount : FrameFormat.MaxSamples;
            int count = 1;
            long previousTime = frame.Samples[frame.FirstSample].Time;
            long previousStep = 0;
            while (count < limit)
            {
                Sample next = frame.Samples[frame.FirstSample + count];
                long step = next.Time - previousTime;
                long stepChange = step - previousStep;
                bool timeFits = step >= 1 && step <= BitReader.MaxCodeValue
                    && (count == 1 || (stepChange <= BitReader.MaxCodeValue / 2 && stepChange >= -BitReader.MaxCodeValue / 2))
                    && (frame.ClockSynced ? next.Time <= uint.MaxValue : next.Time <= frame.TransmitTime);

                // A sample that breaks the batch starts the next frame, where its own problem (if any) is reported.
                if (next.FieldMask != mask || !timeFits || !CheckValues(next, count, null))
                {
                    break;
                }

                previousTime = next.Time;
                previousStep = step;
                count++;
            }

            return count;
        }

        private static bool CheckValues(Sample sample, int index, EncodeResult? result)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if (sample.Has(field) && (sample.Get(field) < 0 || sample.Get(field) > Fields.MaxRaw(field)))
                {
                    if (result != null)
                    {
                        result.Fail(FrameErrorCode.ValueOutOfRange, index, field, Fields.Name(field) + " code " + sample.Get(field).ToString()
                            + " of sample " + index.ToString() + " is outside 0.." + Fields.MaxRaw(field).ToString());
                    }

                    return false;
                }
            }

            return true;
        }

        private static bool CheckFirstTime(Frame frame, Sample first, EncodeResult result)
        {
            if (frame.ClockSynced)
            {
                if (first.Time >= 0 && first.Time <= uint.MaxValue)
                {
                    return true;
                }

                result.Fail(FrameErrorCode.ValueOutOfRange, 0, -1, "a synced sample time must be a 32-bit Unix time");
                return false;
            }

            long age = frame.TransmitTime - first.Time;
            if (age >= 0 && age <= BitReader.MaxCodeValue)
            {
                return true;
            }

            result.Fail(FrameErrorCode.BadBatchDelta, 0, -1, "the first sample's age is " + age.ToString()
                + " s; it must be 0.." + BitReader.MaxCodeValue.ToString());
            return false;
        }

        private static void WriteFieldSet(BitWriter writer, int mask)
        {
            writer.WriteBit(mask == Fields.StandardSet);
            if (mask == Fields.StandardSet)
            {
                return;
            }

            for (int field = 0; field < Fields.Count; field++)
            {
                writer.WriteBit((mask & (1 << field)) != 0);
            }
        }

        private static void WriteFirstTime(BitWriter writer, Frame frame, Sample first)
        {
            if (frame.ClockSynced)
            {
                writer.WriteBits((uint)first.Time, 32);
            }
            else
            {
                writer.WriteUe(frame.TransmitTime - first.Time, 0);
            }
        }

        private static void WriteFirstValues(BitWriter writer, Sample sample, int mask)
        {
            for (int field = 0; field < Fields.Count; field++)
            {
                if ((mask & (1 << field)) != 0)
                {
                    writer.WriteBits((uint)sample.Get(field), Fields.Width(field));
                }
            }
        }

        /// <summary>Writes sample i (i &gt;= 1) of the run and returns its time step.</summary>
        private static long WriteLater(BitWriter writer, Frame frame, int index, long previousStep, int mask)
        {
            Sample previous = frame.Samples[frame.FirstSample + index - 1];
            Sample sample = frame.Samples[frame.FirstSample + index];
            long step = sample.Time - previous.Time;
            if (index == 1)
            {
                writer.WriteUe(step - 1, 0);
            }
            else
            {
                writer.WriteSe(step - previousStep, 0);
            }

            for (int field = 0; field < Fields.Count; field++)
            {
                if ((mask & (1 << field)) == 0)
                {
                    continue;
                }

                int coding = Fields.Coding(field);
                if (coding == Fields.CodingFlag)
                {
                    writer.WriteBits((uint)sample.Get(field), 1);
                }
                else if (coding == Fields.CodingCount)
                {
                    writer.WriteUe(sample.Get(field), Fields.Order(field));
                }
                else
                {
                    writer.WriteSe(sample.Get(field) - previous.Get(field), Fields.Order(field));
                }
            }

            return step;
        }
    }
}
