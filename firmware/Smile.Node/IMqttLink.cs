namespace Smile.Node
{
    /// <summary>
    /// The Wi-Fi node's connection to the Smile Place broker: on the device, Wi-Fi (WifiNetworkHelper) and
    /// nanoFramework.M2Mqtt with TLS, the node's login and a last will; in the tests, a simulated or real broker.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>Joins Wi-Fi, connects, and subscribes to the node's ack topic, all within the timeout.</summary>
        bool Connect(int timeoutMs);

        /// <summary>
        /// Publishes the frame at QoS 1 to the node's uplink topic; true once the broker's PUBACK came. False says
        /// only that none came: the broker may have the frame.
        /// </summary>
        bool Publish(byte[] payload, int length, int timeoutMs);

        /// <summary>
        /// Copies the newest acknowledgement not read yet (4 bytes; the retained one right after connecting) into
        /// ack, waiting up to the timeout for one; false when none came.
        /// </summary>
        bool LatestAck(byte[] ack, int timeoutMs);

        /// <summary>Wi-Fi RSSI in dBm, 0 when unknown.</summary>
        int RssiDbm { get; }

        void Disconnect();
    }
}
