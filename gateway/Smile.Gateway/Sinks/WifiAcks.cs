using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Gateway.Filters;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// End-to-end acknowledgement of Wi-Fi nodes (docs/frame-format-v1.md §12, encoded by <see cref="NodeAck"/>): after a commit, the
    /// gateway publishes, retained, per node, the newest (boot, sequence) it holds and which of the 16 before it it
    /// holds too. A node deletes buffered samples only when an ack names their frame.
    /// </summary>
    public sealed class WifiAcks
    {
        private readonly MqttClient _local;
        private readonly Deduplicator _held;
        private readonly string _topicTemplate;
        private readonly Dictionary<string, (int Boot, int Sequence)> _newest = new Dictionary<string, (int, int)>();

        public WifiAcks(MqttClient local, Deduplicator held, string topicTemplate)
        {
            _local = local;
            _held = held;
            _topicTemplate = topicTemplate;
        }

        /// <summary>Queues the acks of a committed batch; they reach the broker in order, without holding up ingest.</summary>
        public async Task PublishAsync(IReadOnlyList<(string Node, int Boot, int Sequence)> frames)
        {
            var nodes = new List<string>();
            foreach (var (node, boot, sequence) in frames)
            {
                // The frame sent last is the newest: nodes send in order, and a retransmission is deduplicated before here.
                _newest[node] = (boot, sequence);
                if (!nodes.Contains(node))
                {
                    nodes.Add(node);
                }
            }

            foreach (string node in nodes)
            {
                var (boot, sequence) = _newest[node];
                await _local.EnqueuePublishAsync(_topicTemplate.Replace("{node}", node), Payload(node, boot, sequence), QoS.AtLeastOnce, true);
            }
        }

        /// <summary>The ack of <see cref="NodeAck"/>: the newest frame, and which of the 16 before it of the same boot are held.</summary>
        public byte[] Payload(string node, int boot, int sequence)
        {
            int held = 0;
            for (int i = 0; i < NodeAck.HeldFrames; i++)
            {
                if (_held.Holds(node, boot, NodeAck.HeldSequence(sequence, i)))
                {
                    held |= 1 << i;
                }
            }

            var payload = new byte[NodeAck.Length];
            FrameErrorCode error = NodeAck.Encode(sequence, boot, held, payload, 0);
            if (error != FrameErrorCode.None)
            {
                throw new ArgumentOutOfRangeException(nameof(sequence), $"no ack for boot {boot}, sequence {sequence}: {FrameErrorNames.Of(error)}");
            }

            return payload;
        }
    }
}
