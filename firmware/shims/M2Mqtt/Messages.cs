using System;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    public enum MqttReasonCode : byte
    {
        Success = 0x00,
        UnspecifiedError = 0x80,
        NotAuthorized = 0x87,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message)
        {
            Topic = topic;
            Message = message;
        }

        public string Topic { get; }

        public byte[] Message { get; }
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public ushort MessageId { get; set; }

        public bool IsPublished { get; set; }
    }
}
