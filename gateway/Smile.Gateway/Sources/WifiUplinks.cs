using Smile.Frames;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// Wi-Fi nodes publish the binary frame itself to smile/up/{nodeId}. The node id comes from the topic: the
    /// broker's ACL lets each node's login publish only to its own topic, so the topic is the authenticated sender.
    /// </summary>
    public static class WifiUplinks
    {
        public static object Parse(string topic, byte[] payload, long receivedMs)
        {
            string node = topic.Substring(topic.LastIndexOf('/') + 1);
            string? problem = NodeIds.WifiProblem(node);
            if (problem != null)
            {
                return new SourceRejection(UplinkSource.Wifi, topic, null, payload, receivedMs, "bad_node_id", "topic level '" + node + "' " + problem);
            }

            return new Uplink(UplinkSource.Wifi, topic, node, payload, receivedMs, new LinkInfo("wifi", null, null, null, null, null, null), null);
        }
    }
}
