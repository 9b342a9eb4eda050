using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// MQTT over Wi-Fi: frames go at QoS 1, but a PUBACK only says the broker has them. Samples are deleted when the
    /// gateway's acknowledgement names their frame (docs/frame-format-v1.md §12), which survives even a broker crash.
    /// </summary>
    public sealed class WifiMqttTransport : IUplinkTransport
    {
        /// <summary>MQTT has no LoRa-sized limit; frames stay small enough to go out in one TCP segment.</summary>
        public const int WifiMaxPayload = 1024;

        private readonly IMqttLink _link;
        private bool _open;

        public WifiMqttTransport(IMqttLink link)
        {
            _link = link;
            LastSnrQuarterDb = NodeStatus.NoSnr;
        }

        public int MaxPayload => WifiMaxPayload;

        public bool DeliveredOnSend => false;

        public bool HasLinkQuality { get; private set; }

        public int LastRssiDbm { get; private set; }

        public int LastSnrQuarterDb { get; }

        public bool Open(NodeState state, long nowSeconds, int timeoutMs)
        {
            _open = _link.Connect(timeoutMs);
            if (_open && _link.RssiDbm != 0)
            {
                HasLinkQuality = true;
                LastRssiDbm = _link.RssiDbm;
            }

            return _open;
        }

        public int Send(byte[] payload, int length, int timeoutMs)
        {
            if (!_open)
            {
                return SendResult.Later;
            }

            // Without the PUBACK the PUBLISH may still have reached the broker and the gateway: unsure, not later.
            return _link.Publish(payload, length, timeoutMs) ? SendResult.Sent : SendResult.Unsure;
        }

        public bool ReadAck(byte[] ack, int timeoutMs) => _open && _link.LatestAck(ack, timeoutMs);

        public void Close()
        {
            if (_open)
            {
                _link.Disconnect();
                _open = false;
            }
        }
    }
}
