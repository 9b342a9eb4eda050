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
            if (!NodeIds.IsValid(node))
            {
                return new SourceRejection(UplinkSource.Wifi, topic, null, payload, receivedMs, "bad_node_id",
                    "topic level '" + node + "' is not a node id (letters, digits, '-', '_', '.', at most 64)");
            }

            return new Uplink(UplinkSource.Wifi, topic, node, payload, receivedMs, new LinkInfo("wifi", null, null, null, null, null, null), null);
        }
    }

    public static class NodeIds
    {
        public static bool IsValid(string id)
        {
            if (id.Length is 0 or > 64)
            {
                return false;
            }

            foreach (char c in id)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
