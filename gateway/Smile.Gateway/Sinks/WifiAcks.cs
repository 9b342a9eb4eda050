using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Gateway.Filters;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// End-to-end acknowledgement of Wi-Fi nodes (docs/frame-format-v1.md, "Acknowledgements"): after a commit, the
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

        /// <summary>4 bytes: u12 sequence and u4 boot as in the frame header, then u16 with bit i set when sequence − 1 − i is held.</summary>
        public byte[] Payload(string node, int boot, int sequence)
        {
            int bitmap = 0;
            for (int i = 0; i < 16; i++)
            {
                if (_held.Holds(node, boot, (sequence - 1 - i) & 0xFFF))
                {
                    bitmap |= 1 << i;
                }
            }

            return new[] { (byte)(sequence >> 4), (byte)((sequence & 0xF) << 4 | boot), (byte)(bitmap >> 8), (byte)bitmap };
        }
    }
}
