using System;
using System.Collections.Generic;
using System.Linq;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// Node ids this Smile Place's provisioning refuses, beyond the one node-id rule (Smile.Frames.NodeIds, which the
    /// node's config validator applies, including "a Wi-Fi id is never 16 hex digits"). A Wi-Fi node's id is its broker
    /// login, and the broker makes a login its client id and its topics: a node named like the gateway or the network
    /// server would hold their rights, and a node named like another row's DevEUI would speak for that LoRaWAN node
    /// (the gateway names LoRaWAN nodes by DevEUI). These logins are this deployment's policy, so they live here and not
    /// in the shared rule. All compared case-insensitively, so no id differs from a reserved one only in case.
    /// </summary>
    public static class ReservedIds
    {
        /// <summary>Every id starting with this is the gateway's (smile-gateway, smile-gateway-pub, and any it adds later).</summary>
        public const string GatewayPrefix = "smile-gateway";

        private static readonly string[] Logins = { Provisioner.NetworkServerUser };

        /// <summary>Every DevEUI the sheet names (dev_eui cells, without ':' or '-'), to refuse them as other rows' ids.</summary>
        public static HashSet<string> DevEuis(NodeSheet sheet) =>
            sheet.Rows.Select(r => Normalize(r["dev_eui"])).Where(e => e.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);

        public static string Normalize(string devEui) => devEui.Replace(":", "").Replace("-", "").ToUpperInvariant();

        /// <summary>Why the id is reserved, or null when it is free.</summary>
        public static string? Reason(NodeRow row, ISet<string> sheetDevEuis)
        {
            string id = row["id"];
            if (id.StartsWith(GatewayPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return "node id " + id + " is reserved: ids starting with " + GatewayPrefix + " are the gateway's broker logins";
            }

            if (Logins.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                return "node id " + id + " is reserved: it is the LoRaWAN network server's broker login";
            }

            if (sheetDevEuis.Contains(id) && !string.Equals(Normalize(row["dev_eui"]), id, StringComparison.OrdinalIgnoreCase))
            {
                return "node id " + id + " is another row's DevEUI: the gateway names LoRaWAN nodes by DevEUI, so this node would speak for that one";
            }

            return null;
        }
    }
}
