namespace Smile.Node
{
    /// <summary>How frames leave the node: LoRaWAN through an AT modem, or MQTT over Wi-Fi.</summary>
    public interface IUplinkTransport
    {
        /// <summary>Gets the link ready within the time given (join, connect); false: no link this wake.</summary>
        bool Open(NodeState state, long nowSeconds, int timeoutMs);

        /// <summary>Largest frame the link takes now (51 bytes at LoRaWAN DR0 to DR2; lowered by a length error).</summary>
        int MaxPayload { get; }

        /// <summary>Sends one frame: one of <see cref="SendResult"/>.</summary>
        int Send(byte[] payload, int length, int timeoutMs);

        /// <summary>
        /// True when a sent frame is as delivered as the node can know (LoRaWAN, unconfirmed); false when the gateway
        /// acknowledges frames later (Wi-Fi: the retained ack topic), and samples stay until it does.
        /// </summary>
        bool DeliveredOnSend { get; }

        /// <summary>
        /// Waits up to timeoutMs for an acknowledgement from the gateway not read yet and copies it (4 bytes,
        /// docs/frame-format-v1.md §12) into ack; false when none came.
        /// </summary>
        bool ReadAck(byte[] ack, int timeoutMs);

        /// <summary>Ends the link before sleep (a clean MQTT disconnect, so the broker does not publish the will).</summary>
        void Close();

        bool HasLinkQuality { get; }

        int LastRssiDbm { get; }

        /// <summary>Last SNR in 0.25 dB, or <see cref="Smile.Frames.NodeStatus.NoSnr"/>.</summary>
        int LastSnrQuarterDb { get; }
    }

    public static class SendResult
    {
        /// <summary>Gone (LoRaWAN uplinks are unconfirmed: sent is as far as the node can know).</summary>
        public const int Sent = 0;

        /// <summary>Too long for the link now; <see cref="IUplinkTransport.MaxPayload"/> was lowered: send fewer samples.</summary>
        public const int TooLong = 1;

        /// <summary>
        /// Not sent (duty cycle, busy, not joined, no link; a definite refusal, or the command never went out): keep
        /// the samples and try at a later wake; the sequence number is still free.
        /// </summary>
        public const int Later = 2;

        /// <summary>
        /// Maybe gone: the frame went to the modem or the broker and no definite answer came back (the wait ran out
        /// before the modem's Start, a reply line was lost, no PUBACK). Its number is spent: the cycle sends the same
        /// samples under it again, never others (see NodeCycle).
        /// </summary>
        public const int Unsure = 3;
    }
}
