using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>An outgoing QoS 1 message waiting for its PUBACK, resent with DUP after a reconnect.</summary>
    internal sealed class PendingPublish
    {
        public PendingPublish(ushort packetId, string topic, byte[] payload, bool retain)
        {
            PacketId = packetId;
            Topic = topic;
            Payload = payload;
            Retain = retain;
        }

        public ushort PacketId { get; }

        public string Topic { get; }

        public byte[] Payload { get; }

        public bool Retain { get; }

        /// <summary>The connection it was last written on; 0 before the first write (then DUP is clear).</summary>
        public long SentOn { get; set; }

        /// <summary>Connections in a row that the broker closed, unproven, while this was the oldest unacknowledged publish.</summary>
        public int Refusals { get; set; }

        public TaskCompletionSource Completion { get; } = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
