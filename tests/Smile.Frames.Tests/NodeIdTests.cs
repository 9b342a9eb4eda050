using Xunit;

namespace Smile.Frames.Tests
{
    /// <summary>
    /// The golden cases of the one node-id rule (firmware/Smile.Frames/NodeIds.cs), which the node's config validator,
    /// the gateway's sources and nodectl all call. Each row: the id, whether it is a node id of any transport (null:
    /// accepted, else the rule it breaks), and whether it is a Wi-Fi node id, with the reason.
    /// </summary>
    public class NodeIdTests
    {
        private const string Chars = NodeIds.Rule;
        private const string Dots = NodeIds.DotsRule;
        private const string Eui = NodeIds.WifiRule;

        public static readonly TheoryData<string, string?, string?, string> Golden = new TheoryData<string, string?, string?, string>
        {
            // id                    any transport  Wi-Fi   reason
            { "node-001",            null,  null,  "letters, digits and '-'" },
            { "Hall_2.east",         null,  null,  "'_', '.' and upper case are letters of the rule" },
            { "a",                   null,  null,  "one character is enough" },
            { new string('x', 64),   null,  null,  "64 characters is the most" },
            { "...",                 null,  null,  "dots only are fine, except as '.' or '..'" },
            { "",                    Chars, Chars, "empty" },
            { new string('x', 65),   Chars, Chars, "65 characters" },
            { "has space",           Chars, Chars, "space" },
            { "a/b",                 Chars, Chars, "'/' would be a topic level and a folder" },
            { "+",                   Chars, Chars, "MQTT wildcard" },
            { "#",                   Chars, Chars, "MQTT wildcard" },
            { "Knoten-Größe",        Chars, Chars, "letters outside ASCII" },
            { ".",                   Dots,  Dots,  "names a folder, not a config file" },
            { "..",                  Dots,  Dots,  "names a folder, not a config file" },
            { "70b3d57ed0000001",    null,  Eui,   "a LoRaWAN node's id (DevEUI in lower case), never a Wi-Fi node's" },
            { "70B3D57ED0000001",    null,  Eui,   "a DevEUI in either case" },
            { "70b3d57ed000000",     null,  null,  "15 hex digits are no DevEUI" },
            { "70b3d57ed00000012",   null,  null,  "17 hex digits are no DevEUI" },
            { "70b3d57ed000000g",    null,  null,  "'g' is no hex digit" },
        };

        [Theory]
        [MemberData(nameof(Golden))]
        public void Each_id_is_accepted_or_refused_for_its_reason(string id, string? anyTransport, string? wifi, string reason)
        {
            Assert.True(anyTransport == NodeIds.Problem(id), reason + ": '" + id + "' for any transport");
            Assert.Equal(anyTransport == null, NodeIds.IsValid(id));
            Assert.True(wifi == NodeIds.WifiProblem(id), reason + ": '" + id + "' on Wi-Fi");
        }

        [Theory]
        [InlineData("70B3D57ED0000001", true, "70b3d57ed0000001")]
        [InlineData("70b3d57ed0000001", true, "70b3d57ed0000001")]
        [InlineData("0011AaBbCcDdEeFf", true, "0011aabbccddeeff")]
        [InlineData("70-B3-D5-7E-D0-00-00-01", false, null)]
        [InlineData("70b3d57ed000000", false, null)]
        [InlineData("hro-hafen-07", false, null)]
        public void A_LoRaWAN_node_is_named_by_its_DevEUI_in_lower_case(string devEui, bool isDevEui, string? nodeId)
        {
            Assert.Equal(isDevEui, NodeIds.IsDevEui(devEui));
            if (nodeId != null)
            {
                Assert.Equal(nodeId, NodeIds.OfDevEui(devEui));
                Assert.Null(NodeIds.Problem(nodeId));
                Assert.NotNull(NodeIds.WifiProblem(nodeId));
            }
        }
    }
}
