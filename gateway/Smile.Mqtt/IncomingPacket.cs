namespace Smile.Mqtt
{
    /// <summary>One packet as read off the wire: type, the low nibble of the first byte, and the rest.</summary>
    public sealed class IncomingPacket
    {
        public IncomingPacket(PacketType type, byte flags, byte[] body, IncomingPublish? publish = null)
        {
            Type = type;
            Flags = flags;
            Body = body;
            Publish = publish;
        }

        public PacketType Type { get; }

        public byte Flags { get; }

        /// <summary>What follows the fixed header; empty for a PUBLISH, which <see cref="Publish"/> holds parsed.</summary>
        public byte[] Body { get; }

        /// <summary>Set for PUBLISH: the parsed message.</summary>
        public IncomingPublish? Publish { get; }
    }

    /// <summary>A PUBLISH as received. Payload is empty and <see cref="OversizeBytes"/> set when it exceeded the limit.</summary>
    public sealed class IncomingPublish
    {
        public IncomingPublish(string topic, byte[] payload, QoS qos, bool retain, bool dup, ushort packetId, int oversizeBytes)
        {
            Topic = topic;
            Payload = payload;
            QoS = qos;
            Retain = retain;
            Dup = dup;
            PacketId = packetId;
            OversizeBytes = oversizeBytes;
        }

        public string Topic { get; }

        public byte[] Payload { get; }

        public QoS QoS { get; }

        public bool Retain { get; }

        public bool Dup { get; }

        public ushort PacketId { get; }

        /// <summary>0, or the size of a payload that was larger than the client accepts (and was discarded).</summary>
        public int OversizeBytes { get; }
    }
}
