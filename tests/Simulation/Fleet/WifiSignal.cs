using Smile.Node;

namespace Smile.Simulation.Fleet
{
    /// <summary>A Wi-Fi node's MQTT link reporting the world's access-point signal at the node instead of the link's own figure.</summary>
    internal sealed class WifiSignal : IMqttLink
    {
        private readonly IMqttLink _link;

        public WifiSignal(IMqttLink link) => _link = link;

        /// <summary>The signal at this wake (dBm).</summary>
        public int Dbm { get; set; }

        /// <summary>0, as the firmware's link reports, while the access point is out of reach.</summary>
        public int RssiDbm => _link.RssiDbm == 0 ? 0 : Dbm;

        public bool Connect(int timeoutMs) => _link.Connect(timeoutMs);

        public bool Publish(byte[] payload, int length, int timeoutMs) => _link.Publish(payload, length, timeoutMs);

        public bool LatestAck(byte[] ack, int timeoutMs) => _link.LatestAck(ack, timeoutMs);

        public void Disconnect() => _link.Disconnect();
    }
}
