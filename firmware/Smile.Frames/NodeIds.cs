namespace Smile.Frames
{
    /// <summary>
    /// The one rule for node ids, used by the node's config validator, the gateway's sources and nodectl.
    /// <list type="bullet">
    /// <item>Every node id is 1 to 64 letters, digits, '-', '_' or '.', and neither "." nor "..": a Wi-Fi node's id is
    /// its broker login and a topic level, and nodectl writes each node's config to a file named after it.</item>
    /// <item>A LoRaWAN node is named by its DevEUI, 16 hex digits, in lower case (as ChirpStack writes it in its topics).</item>
    /// <item>A Wi-Fi node's id is never 16 hex digits, so no Wi-Fi node can speak for a LoRaWAN node or the other way round.</item>
    /// </list>
    /// The golden cases are in tests/Smile.Frames.Tests/NodeIdTests.cs. Ids reserved for the gateway's and the network
    /// server's logins are provisioning policy and stay in nodectl (ReservedIds).
    /// </summary>
    public static class NodeIds
    {
        public const int MaxLength = 64;
        public const int DevEuiDigits = 16;

        /// <summary>The rule every node id follows, as the problems below and the config validator state it.</summary>
        public const string Rule = "must be 1 to 64 letters, digits, '-', '_' or '.'";

        /// <summary>The rule an id that names a folder rather than a file breaks.</summary>
        public const string DotsRule = "must not be '.' or '..'";

        /// <summary>The rule a Wi-Fi node id of DevEUI form breaks.</summary>
        public const string WifiRule = "must not be 16 hex digits on Wi-Fi (16 hex digits are a LoRaWAN DevEUI)";

        /// <summary>Whether the text can be a node id of any transport.</summary>
        public static bool IsValid(string id) => Problem(id) == null;

        /// <summary>Which rule the text breaks as a node id of any transport, or null when it is one.</summary>
        public static string? Problem(string id)
        {
            if (id.Length == 0 || id.Length > MaxLength)
            {
                return Rule;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!ok)
                {
                    return Rule;
                }
            }

            return id == "." || id == ".." ? DotsRule : null;
        }

        /// <summary>Which rule the text breaks as a Wi-Fi node's id, or null when it is one.</summary>
        public static string? WifiProblem(string id)
        {
            string? problem = Problem(id);
            if (problem != null)
            {
                return problem;
            }

            return IsDevEui(id) ? WifiRule : null;
        }

        /// <summary>Exactly 16 hex digits, either case.</summary>
        public static bool IsDevEui(string text) => IsHex(text, DevEuiDigits);

        /// <summary>Exactly that many hex digits, either case.</summary>
        public static bool IsHex(string text, int digits)
        {
            if (text.Length != digits)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The node id of a LoRaWAN device: its DevEUI (16 hex digits, see IsDevEui) in lower case.</summary>
        public static string OfDevEui(string devEui)
        {
            var chars = new char[devEui.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                char c = devEui[i];
                chars[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
            }

            return new string(chars);
        }
    }
}
