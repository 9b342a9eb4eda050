namespace Smile.Mqtt
{
    /// <summary>
    /// A message received from the broker. A QoS 1 message stays unacknowledged, and the broker keeps it, until
    /// the application passes it to <see cref="MqttClient.AckAsync(System.Collections.Generic.IReadOnlyList{MqttMessage})"/>.
    /// </summary>
    public sealed class MqttMessage
    {
        internal MqttMessage(IncomingPublish publish, long connection)
        {
            Topic = publish.Topic;
            Payload = publish.Payload;
            QoS = publish.QoS;
            Retain = publish.Retain;
            Duplicate = publish.Dup;
            OversizeBytes = publish.OversizeBytes;
            PacketId = publish.PacketId;
            Connection = connection;
        }

        public string Topic { get; }

        public byte[] Payload { get; }

        public QoS QoS { get; }

        public bool Retain { get; }

        /// <summary>The broker's DUP flag: it may have sent this message before.</summary>
        public bool Duplicate { get; }

        /// <summary>Non-zero when the payload exceeded the client's limit and was discarded: its size.</summary>
        public int OversizeBytes { get; }

        internal ushort PacketId { get; }

        /// <summary>Which connection delivered it; an ack is only valid on that connection.</summary>
        internal long Connection { get; }
    }
}
