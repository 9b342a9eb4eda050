using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Gateway.Pipeline;
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
        private readonly string _topicTemplate;

        public WifiAcks(MqttClient local, string topicTemplate)
        {
            _local = local;
            _topicTemplate = topicTemplate;
        }

        /// <summary>Queues the acks of a committed batch; they reach the broker in order, without holding up ingest.</summary>
        public async Task PublishAsync(IReadOnlyList<WifiAck> acks)
        {
            foreach (WifiAck ack in acks)
            {
                await _local.EnqueuePublishAsync(_topicTemplate.Replace("{node}", ack.Node), Payload(ack), QoS.AtLeastOnce, true);
            }
        }

        public static byte[] Payload(WifiAck ack)
        {
            var payload = new byte[NodeAck.Length];
            FrameErrorCode error = NodeAck.Encode(ack.Sequence, ack.Boot, ack.Held, payload, 0);
            if (error != FrameErrorCode.None)
            {
                throw new ArgumentOutOfRangeException(nameof(ack), $"no ack for boot {ack.Boot}, sequence {ack.Sequence}: {FrameErrorNames.Of(error)}");
            }

            return payload;
        }
    }
}
