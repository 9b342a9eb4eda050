using System;

namespace Smile.Mqtt
{
    /// <summary>
    /// The broker closed the connection, before it became healthy, each of the last <see cref="Attempts"/> times this
    /// publish was the oldest unacknowledged one: it refuses the message (platform brokers disconnect on a publish the
    /// client may not make). The client no longer sends it; see <see cref="MqttClientOptions.MaxDeliveryAttempts"/>.
    /// </summary>
    public sealed class MqttPublishRefusedException : Exception
    {
        public MqttPublishRefusedException(string topic, int attempts)
            : base("the broker closed the connection " + attempts + " times after the publish to '" + topic + "' and never acknowledged it: given up (not authorised, too large, or otherwise refused)")
        {
            Topic = topic;
            Attempts = attempts;
        }

        public string Topic { get; }

        public int Attempts { get; }
    }
}
