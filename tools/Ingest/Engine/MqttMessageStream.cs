namespace Smile.Ingest.Engine
{
    /// <summary>
    /// nats-server's own stream of MQTT QoS 1 publishes, the one place a PUBACKed message is known to be stored.
    /// From nats-server v2.9.10 server/mqtt.go:
    /// <list type="bullet">
    /// <item>Server.mqttProcessPub first delivers the PUBLISH to core-NATS subscribers (a stream capturing smile.v1.&gt;
    /// gets it there, unacknowledged; a member that is not that stream's leader drops it, stream.go
    /// processInboundJetStreamMsg "If we are not the leader just ignore"), then stores it with mqttJSA.storeMsg under
    /// "$MQTT.msgs." + the NATS subject and waits for the JetStream ack; only then is the PUBACK sent.</item>
    /// <item>The stored message is the raw payload behind one header, "Nmqtt-Pub: 1" (the QoS).</item>
    /// <item>mqttAccountSessionManager.init (createStream) makes the stream "$MQTT_msgs", subjects "$MQTT.msgs.&gt;",
    /// file storage, mqtt.stream_replicas replicas, and <b>interest</b> retention: a message no consumer wants when it is
    /// stored is skipped at once (stream.go processJetStreamMsg "noInterest"), and one is removed once every interested
    /// consumer acknowledged it.</item>
    /// </list>
    /// A JetStream source from here into another stream would lose messages: the source's consumer is AckNone, and on an
    /// interest stream consumer.go deliverMsg removes each message as it is sent, before the sourcing stream stored it,
    /// so a leader change in between loses what was in flight. The ingest's durable, explicitly acknowledged consumer on
    /// this stream holds the interest instead: a message stays until an instance committed it to PostgreSQL.
    /// </summary>
    public static class MqttMessageStream
    {
        public const string Name = "$MQTT_msgs";

        public const string SubjectPrefix = "$MQTT.msgs.";

        /// <summary>The NATS subject the gateway published to (the MQTT topic with '/' as '.').</summary>
        public static string TopicSubject(string storedSubject) =>
            storedSubject.StartsWith(SubjectPrefix, System.StringComparison.Ordinal) ? storedSubject.Substring(SubjectPrefix.Length) : storedSubject;
    }
}
