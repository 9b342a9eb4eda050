using System;

namespace Smile.Mqtt
{
    /// <summary>
    /// The broker refused a subscription (SUBACK 0x80) or granted a lower QoS than asked for. A QoS 1 subscription
    /// granted QoS 0 voids the durability promise: its messages are neither held until our commit nor queued while
    /// we are away. An <see cref="InvalidOperationException"/>, as refusals were before.
    /// </summary>
    public sealed class MqttSubscribeException : InvalidOperationException
    {
        public MqttSubscribeException(string filter, QoS requested, byte granted)
            : base(granted == 0x80
                ? "the broker refused the subscription to '" + filter + "' (check its ACL)"
                : "the broker granted QoS " + granted + " for the subscription to '" + filter + "' where QoS " + (int)requested
                    + " was asked for: its messages could be lost (check the broker's max_qos or ACL)")
        {
            Filter = filter;
            Requested = requested;
            Granted = granted;
        }

        public string Filter { get; }

        public QoS Requested { get; }

        /// <summary>The SUBACK return code: the QoS granted, or 0x80 for a refusal.</summary>
        public byte Granted { get; }
    }
}
