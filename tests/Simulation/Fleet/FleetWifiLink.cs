using System;
using Smile.Node;

namespace Smile.Simulation.Fleet
{
    /// <summary>
    /// The firmware's MQTT link of a fleet node, with the fleet's Wi-Fi faults in front (the access point out of
    /// reach) and a record of every frame the broker acknowledged, for counting what must arrive.
    /// </summary>
    internal sealed class FleetWifiLink : IMqttLink
    {
        private readonly IMqttLink _link;
        private readonly SimulatedNode _node;

        public FleetWifiLink(IMqttLink link, SimulatedNode node)
        {
            _link = link;
            _node = node;
        }

        public bool Down { get; set; }

        public int RssiDbm => Down ? 0 : -67;

        public bool Connect(int timeoutMs) => !Down && _link.Connect(timeoutMs);

        public bool Publish(byte[] payload, int length, int timeoutMs)
        {
            bool acknowledged = _link.Publish(payload, length, timeoutMs);
            if (acknowledged)
            {
                _node.Published(Convert.ToHexString(payload, 0, length));
            }

            return acknowledged;
        }

        public bool LatestAck(byte[] ack, int timeoutMs) => _link.LatestAck(ack, timeoutMs);

        public void Disconnect() => _link.Disconnect();
    }
}
