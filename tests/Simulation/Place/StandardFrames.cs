using System.Collections.Generic;
using Smile.Frames;
using Smile.Mqtt;

namespace Smile.Simulation.Place
{
    /// <summary>The v1 frames tests and the benchmark send: a standard measurement, a status frame, a round-robin stream.</summary>
    public static class StandardFrames
    {
        public static string WifiNode(int i) => "node-" + i.ToString("D3");

        public static string LoraNode(int i) => "70b3d57ed0" + i.ToString("x6");

        /// <summary>One sample, every field of a standard node; the temperature moves with the sequence number.</summary>
        public static byte[] Measurement(int sequence, int age = 0)
        {
            var sample = new Sample { Time = -age };
            sample.SetValue(Fields.Temperature, 15 + (sequence % 100) / 10.0);
            sample.SetValue(Fields.Humidity, 60);
            sample.SetValue(Fields.Pressure, 1010);
            sample.Set(Fields.Presence, sequence % 2);
            sample.Set(Fields.MotionCount, sequence % 7);
            sample.SetValue(Fields.Battery, 3.7);
            return Encode(new Frame { Type = FrameFormat.TypeMeasurement, Sequence = sequence & FrameFormat.MaxSequence, Boot = 1, Samples = new[] { sample }, SampleCount = 1 });
        }

        public static byte[] Status(int sequence) => Encode(new Frame
        {
            Type = FrameFormat.TypeStatus,
            Sequence = sequence & FrameFormat.MaxSequence,
            Boot = 1,
            Status = new NodeStatus { FirmwareMajor = 1, ResetReason = ResetReason.DeepSleepWake, HasBattery = true, BatteryRaw = 171 },
        });

        /// <summary>
        /// Wi-Fi frames of many nodes at QoS 1, encoded before a run: round-robin over the nodes, each node's sequence
        /// counting up (under 4096 per node for 400k messages of 100 nodes); every statusEvery-th a status frame.
        /// </summary>
        public static List<PreparedPublish> RoundRobin(string prefix, int nodes, int messages, int statusEvery = 0)
        {
            var list = new List<PreparedPublish>(messages);
            var encoded = new Dictionary<(int, bool), byte[]>();
            for (int i = 0; i < messages; i++)
            {
                string node = prefix + (i % nodes).ToString("D3");
                int sequence = (i / nodes) & FrameFormat.MaxSequence;
                bool status = statusEvery > 0 && i % statusEvery == statusEvery - 1;
                if (!encoded.TryGetValue((sequence, status), out byte[]? frame))
                {
                    frame = status ? Status(sequence) : Measurement(sequence);
                    encoded[(sequence, status)] = frame;
                }

                list.Add(new PreparedPublish("smile/up/" + node, frame, QoS.AtLeastOnce, node, sequence, status));
            }

            return list;
        }

        private static byte[] Encode(Frame frame) => new FrameEncoder().EncodeToArray(frame, 64, new EncodeResult())!;
    }
}
