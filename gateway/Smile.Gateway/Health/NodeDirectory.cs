using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Smile.Frames;
using Smile.Gateway.Sources;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// What the gateway last heard from each node, for the status page's "why is node X silent": when, over which
    /// link and how well, its battery, and what the node itself reported in its last status frame. Kept in memory:
    /// after a restart the table fills again as the nodes report.
    /// </summary>
    public sealed class NodeDirectory
    {
        private readonly ConcurrentDictionary<string, NodeHealth> _nodes = new ConcurrentDictionary<string, NodeHealth>();

        public void Heard(Uplink uplink, Frame frame)
        {
            NodeHealth node = _nodes.GetOrAdd(uplink.NodeId, id => new NodeHealth(id));
            lock (node)
            {
                node.LastSeenMs = uplink.ReceivedMs;
                node.Transport = uplink.Link.Transport;
                node.Frames++;
                if (uplink.Link.RssiDbm != null)
                {
                    (node.RssiDbm, node.SnrDb) = (uplink.Link.RssiDbm, uplink.Link.SnrDb);
                }

                if (frame.Status is NodeStatus status)
                {
                    node.Firmware = status.FirmwareMajor + "." + status.FirmwareMinor + "." + status.FirmwarePatch;
                    node.ResetReason = ResetReason.Name(status.ResetReason);
                    node.BufferedSamples = status.BufferedSamples;
                    node.DroppedSamples = status.DroppedSamples;
                    node.BatteryV = status.HasBattery ? Fields.ToValue(Fields.Battery, status.BatteryRaw) : node.BatteryV;
                    if (status.HasLink && uplink.Link.RssiDbm == null)
                    {
                        // A Wi-Fi node reports its own RSSI; the broker knows none.
                        (node.RssiDbm, node.SnrDb) = (status.RssiDbm, status.SnrQuarterDb == NodeStatus.NoSnr ? null : status.SnrQuarterDb / 4.0);
                    }
                }
                else if (frame.SampleCount > 0 && frame.Samples[frame.SampleCount - 1].Has(Fields.Battery))
                {
                    node.BatteryV = frame.Samples[frame.SampleCount - 1].GetValue(Fields.Battery);
                }
            }
        }

        /// <summary>An uplink of the node that could not be used: the node is not silent, it sends what cannot be read.</summary>
        public void Rejected(string nodeId, string transport, long receivedMs, string reason)
        {
            NodeHealth node = _nodes.GetOrAdd(nodeId, id => new NodeHealth(id));
            lock (node)
            {
                node.LastSeenMs = receivedMs;
                node.Transport = transport;
                node.LastProblem = reason;
            }
        }

        public List<NodeHealth> Snapshot() => _nodes.Values.Select(n =>
        {
            lock (n)
            {
                return n.Copy();
            }
        }).OrderBy(n => n.Node).ToList();
    }

    public sealed class NodeHealth
    {
        public NodeHealth(string node) => Node = node;

        public string Node { get; }

        public long LastSeenMs { get; set; }

        public string Transport { get; set; } = "";

        public long Frames { get; set; }

        public int? RssiDbm { get; set; }

        public double? SnrDb { get; set; }

        public double? BatteryV { get; set; }

        public string? Firmware { get; set; }

        public string? ResetReason { get; set; }

        public int? BufferedSamples { get; set; }

        public int? DroppedSamples { get; set; }

        /// <summary>Why the node's last unusable uplink was quarantined.</summary>
        public string? LastProblem { get; set; }

        public NodeHealth Copy() => (NodeHealth)MemberwiseClone();
    }
}
