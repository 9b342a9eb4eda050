using System;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    public enum MqttReasonCode
    {
        Success = 0x00,
        ConnectionRefusedUnacceptableProtocolVersion = 0x01,
        ConnectionRefusedIdentifierRejected = 0x02,
        ConnectionRefusedServerUnavailable = 0x03,
        ConnectionRefusedBadUserNameOrPassword = 0x04,
        ConnectionRefusedNotAuthorized = 0x05,
        UnspecifiedError = 0x80,
        NotAuthorized = 0x87,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
            DupFlag = dupFlag;
            QosLevel = qosLevel;
            Retain = retain;
        }

        public string Topic { get; }

        public byte[] Message { get; }

        public bool DupFlag { get; }

        public MqttQoSLevel QosLevel { get; }

        public bool Retain { get; }
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished)
        {
            MessageId = messageId;
            IsPublished = isPublished;
        }

        public ushort MessageId { get; set; }

        public bool IsPublished { get; set; }
    }
}

namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>Thrown by Connect when the TCP or TLS connection fails, the cause inside (m2mqtt v5.1.220 MqttClient.Connect).</summary>
    public class MqttConnectionException : Exception
    {
        public MqttConnectionException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }

    /// <summary>Thrown by Connect when no CONNACK arrives in time, and by Disconnect on a dead connection.</summary>
    public class MqttCommunicationException : Exception
    {
        public MqttCommunicationException()
        {
        }

        public MqttCommunicationException(Exception e)
            : base(e.Message, e)
        {
        }
    }
}
