namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The gateway's one rule for node ids. A Wi-Fi node is named by its login (letters, digits, '-', '_', '.', at
    /// most 64); a LoRaWAN node by its DevEUI, 16 hex digits, in lower case (as ChirpStack writes it in its topics).
    /// A Wi-Fi id of 16 hex digits is refused, so no Wi-Fi node can speak for a LoRaWAN node or the other way round.
    /// </summary>
    public static class NodeIds
    {
        public const int DevEuiDigits = 16;

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

        /// <summary>Exactly 16 hex digits, either case.</summary>
        public static bool IsDevEui(string text)
        {
            if (text.Length != DevEuiDigits)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The node id of a LoRaWAN device: its DevEUI in lower case.</summary>
        public static string OfDevEui(string devEui) => devEui.ToLowerInvariant();

        /// <summary>Why this cannot be a Wi-Fi node's id, or null when it can.</summary>
        public static string? WifiProblem(string id) =>
            !IsValid(id) ? "is not a node id (letters, digits, '-', '_', '.', at most 64)"
            : IsDevEui(id) ? "is not a Wi-Fi node id: 16 hex digits are a LoRaWAN DevEUI" : null;
    }
}
