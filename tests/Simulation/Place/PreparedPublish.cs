using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// One MQTT 3.1.1 PUBLISH encoded once, before it is sent: fixed header, topic, a packet id the publisher patches
    /// in place, payload. Remembers when it was first sent and whether the broker acknowledged it, so sending it
    /// allocates nothing.
    /// </summary>
    public sealed class PreparedPublish
    {
        private int _acknowledged;

        /// <param name="node">The node and sequence number the frame belongs to (what must arrive); null: not counted.</param>
        public PreparedPublish(string topic, byte[] payload, QoS qos, string? node = null, int sequence = 0, bool status = false)
        {
            Node = node;
            Sequence = sequence;
            Status = status;
            QoS = qos;
            int topicLength = Encoding.UTF8.GetByteCount(topic);
            int remaining = 2 + topicLength + (qos == QoS.AtMostOnce ? 0 : 2) + payload.Length;
            int header = 1 + RemainingLengthBytes(remaining);
            Packet = new byte[header + remaining];
            Packet[0] = (byte)(0x30 | (int)qos << 1);
            int at = 1;
            for (int value = remaining; ; value >>= 7)
            {
                Packet[at++] = (byte)(value >= 0x80 ? (value & 0x7F) | 0x80 : value);
                if (value < 0x80)
                {
                    break;
                }
            }

            Packet[at++] = (byte)(topicLength >> 8);
            Packet[at++] = (byte)topicLength;
            at += Encoding.UTF8.GetBytes(topic, 0, topic.Length, Packet, at);
            IdOffset = qos == QoS.AtMostOnce ? -1 : at;
            at += IdOffset < 0 ? 0 : 2;
            payload.CopyTo(Packet, at);
        }

        public string? Node { get; }

        public int Sequence { get; }

        /// <summary>A status frame rather than a measurement.</summary>
        public bool Status { get; }

        public QoS QoS { get; }

        /// <summary>Stopwatch timestamp of the first send; 0 until then.</summary>
        public long SentAt { get; internal set; }

        /// <summary>At QoS 1: the broker's PUBACK arrived. At QoS 0: written to the socket (there is no acknowledgement).</summary>
        public bool Acknowledged => Volatile.Read(ref _acknowledged) != 0;

        internal byte[] Packet { get; }

        /// <summary>Position in the publisher's send order: what was in flight is sent again oldest first.</summary>
        internal long Order { get; set; }

        /// <summary>Where the packet id goes; -1 at QoS 0.</summary>
        internal int IdOffset { get; }

        /// <summary>Only for callers that await one message (tests); the benchmark's stream leaves it null.</summary>
        internal TaskCompletionSource? Completion { get; set; }

        internal void SetId(int id)
        {
            Packet[IdOffset] = (byte)(id >> 8);
            Packet[IdOffset + 1] = (byte)id;
        }

        /// <summary>Marks a resend after a reconnect (DUP flag, MQTT 3.1.1 §3.3.1.1).</summary>
        internal void MarkDuplicate() => Packet[0] |= 0x08;

        internal void Acknowledge()
        {
            Volatile.Write(ref _acknowledged, 1);
            Completion?.TrySetResult();
        }

        internal void Fail(Exception reason) => Completion?.TrySetException(reason);

        private static int RemainingLengthBytes(int remaining) => remaining < 128 ? 1 : remaining < 16384 ? 2 : remaining < 2097152 ? 3 : 4;
    }
}
