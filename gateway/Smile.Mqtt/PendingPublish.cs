using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>An outgoing QoS 1 message waiting for its PUBACK, resent with DUP after a reconnect.</summary>
    internal sealed class PendingPublish
    {
        public PendingPublish(ushort packetId, string topic, byte[] frame)
        {
            PacketId = packetId;
            Topic = topic;
            Frame = frame;
        }

        public ushort PacketId { get; }

        public string Topic { get; }

        /// <summary>The whole PUBLISH packet, as written; a resend writes it again with DUP set.</summary>
        public byte[] Frame { get; }

        /// <summary>The connection it was last written on; 0 before the first write (then DUP is clear).</summary>
        public long SentOn { get; set; }

        /// <summary>Connections in a row that the broker closed, unproven, while this was the oldest unacknowledged publish.</summary>
        public int Refusals { get; set; }

        public TaskCompletionSource Completion { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
