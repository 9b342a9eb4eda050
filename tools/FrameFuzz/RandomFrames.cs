using System;
using Smile.Frames;

namespace Smile.FrameFuzz
{
    /// <summary>Seeded random frames: uniform values, slow random walks and sudden jumps, regular and jittery steps.</summary>
    public sealed class RandomFrames
    {
        private readonly Random _random;

        public RandomFrames(int seed) => _random = new Random(seed);

        public Random Random => _random;

        public Frame Measurement(int maxSamples)
        {
            var frame = new Frame
            {
                Type = FrameFormat.TypeMeasurement,
                Sequence = _random.Next(FrameFormat.MaxSequence + 1),
                Boot = _random.Next(FrameFormat.MaxBoot + 1),
                ClockSynced = _random.Next(4) == 0,
            };
            int mask = _random.Next(3) == 0 ? Fields.StandardSet : _random.Next(1, Fields.AllFields + 1);
            int count = _random.Next(1, maxSamples + 1);
            frame.Samples = new Sample[count];
            frame.SampleCount = count;

            long time = frame.ClockSynced ? _random.NextInt64(0, 4_000_000_000L) : 0;
            long step = _random.Next(1, 3600);
            for (int i = 0; i < count; i++)
            {
                var sample = new Sample { Time = time };
                for (int field = 0; field < Fields.Count; field++)
                {
                    if ((mask & (1 << field)) != 0)
                    {
                        sample.Set(field, NextRaw(field, i == 0 ? null : frame.Samples[i - 1]));
                    }
                }

                frame.Samples[i] = sample;
                step = _random.Next(5) == 0 ? _random.Next(1, 100_000) : Math.Max(1, step + _random.Next(-2, 3));
                time += step;
            }

            if (!frame.ClockSynced)
            {
                frame.TransmitTime = time - step + _random.Next(0, 200);
            }
            else if (time - step > uint.MaxValue)
            {
                return Measurement(maxSamples);
            }

            if (_random.Next(8) == 0)
            {
                frame.Radar = new RadarReport { TargetState = _random.Next(4), MovingDistanceCm = _random.Next(65536), StationaryDistanceCm = _random.Next(65536) };
            }

            return frame;
        }

        public Frame Status()
        {
            var status = new NodeStatus
            {
                FirmwareMajor = _random.Next(256),
                FirmwareMinor = _random.Next(256),
                FirmwarePatch = _random.Next(256),
                ResetReason = _random.Next(ResetReason.MaxDefined + 1),
                ConfigVersion = _random.Next(65536),
                UptimeSeconds = _random.NextInt64(0, uint.MaxValue + 1L),
                BufferedSamples = _random.Next(65536),
                DroppedSamples = _random.Next(65536),
                HasLink = _random.Next(2) == 0,
                HasBattery = _random.Next(2) == 0,
                SnrQuarterDb = NodeStatus.NoSnr,
            };
            if (status.HasLink)
            {
                status.RssiDbm = -_random.Next(256);
                status.SnrQuarterDb = _random.Next(-128, 128);
            }

            if (status.HasBattery)
            {
                status.BatteryRaw = _random.Next(256);
            }

            bool synced = _random.Next(2) == 0;
            return new Frame
            {
                Type = FrameFormat.TypeStatus,
                Sequence = _random.Next(FrameFormat.MaxSequence + 1),
                Boot = _random.Next(FrameFormat.MaxBoot + 1),
                ClockSynced = synced,
                TransmitTime = synced ? _random.NextInt64(0, uint.MaxValue + 1L) : 0,
                Status = status,
            };
        }

        private int NextRaw(int field, Sample? previous)
        {
            int max = Fields.MaxRaw(field);
            if (previous == null || _random.Next(10) == 0 || Fields.Coding(field) != Fields.CodingDelta)
            {
                return _random.Next(max + 1);
            }

            return Math.Clamp(previous.Get(field) + _random.Next(-20, 21), 0, max);
        }
    }
}
