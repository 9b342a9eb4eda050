namespace Smile.Simulation.MqttClients
{
    /// <summary>A received message and what its client needs to acknowledge it later.</summary>
    public sealed class Received
    {
        public Received(string topic, byte[] payload, bool duplicate, object handle)
        {
            Topic = topic;
            Payload = payload;
            Duplicate = duplicate;
            Handle = handle;
        }

        public string Topic { get; }

        public byte[] Payload { get; }

        /// <summary>The broker's DUP flag: it may have sent this message before.</summary>
        public bool Duplicate { get; }

        /// <summary>The client's own message object, handed back to it by AckAsync.</summary>
        internal object Handle { get; }
    }
}
