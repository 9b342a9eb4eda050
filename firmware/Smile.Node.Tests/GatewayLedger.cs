using System.Collections;
using nanoFramework.TestFramework;
using Smile.Frames;

namespace Smile.Node.Tests
{
    /// <summary>
    /// What the gateway makes of the frames a node put on air: it keeps the first frame of each (boot, sequence) and
    /// drops later ones as repeats (gateway/Smile.Gateway/Filters/Deduplicator.cs compares keys, not contents). So a
    /// number must never name two different frames: the second one's samples would be lost.
    /// </summary>
    public sealed class GatewayLedger
    {
        private readonly ArrayList _keys = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();
        private readonly ArrayList _samples = new ArrayList();

        /// <summary>Samples the gateway kept, counted once each (they are told apart by their temperature).</summary>
        public int SamplesKept => _samples.Count;

        /// <summary>Samples the gateway kept more than once, under different numbers.</summary>
        public int SamplesKeptTwice { get; private set; }

        public void Receive(byte[] payload)
        {
            DecodeResult result = FrameDecoder.Decode(payload);
            Assert.IsTrue(result.Ok, "a frame the gateway cannot decode");
            Frame frame = result.Frame!;
            int key = frame.Boot << 12 | frame.Sequence;
            string content = Content(frame);
            int seen = _keys.IndexOf(key);
            if (seen >= 0)
            {
                Assert.AreEqual((string)_contents[seen]!, content, "sequence " + frame.Sequence.ToString() + " names two frames");
                return;
            }

            _keys.Add(key);
            _contents.Add(content);
            for (int i = 0; frame.Type == FrameFormat.TypeMeasurement && i < frame.SampleCount; i++)
            {
                int temperature = frame.Samples[i].Get(Fields.Temperature);
                if (_samples.IndexOf(temperature) >= 0)
                {
                    SamplesKeptTwice++;
                }
                else
                {
                    _samples.Add(temperature);
                }
            }
        }

        /// <summary>
        /// A frame's meaning: its samples (values, and times relative to the first; an age-based resend is encoded
        /// later, so its ages differ, but not the moments they stand for) or its status report.
        /// </summary>
        private static string Content(Frame frame)
        {
            if (frame.Type == FrameFormat.TypeStatus)
            {
                return "status, uptime " + frame.Status!.UptimeSeconds.ToString() + " s, buffered " + frame.Status.BufferedSamples.ToString();
            }

            string content = frame.SampleCount.ToString() + " samples:";
            for (int i = 0; i < frame.SampleCount; i++)
            {
                Sample sample = frame.Samples[i];
                content += " " + sample.Get(Fields.Temperature).ToString() + "@" + (sample.Time - frame.Samples[0].Time).ToString();
            }

            return content;
        }
    }
}
