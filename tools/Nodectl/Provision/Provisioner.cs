using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;
using Smile.Node;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// Turns the node sheet into everything a Smile Place needs: one config per node (checked by the firmware's own
    /// validator), the broker's password file and ACL, and the LoRaWAN network servers' import files. Invalid rows
    /// are reported and skipped; the valid ones go through. Secrets already issued are kept, so a re-run with the
    /// same sheet rewrites the same files and reports the nodes as unchanged.
    /// </summary>
    public sealed class Provisioner
    {
        /// <summary>The gateway's subscriber login; the broker makes it the client id (use_username_as_clientid).</summary>
        public const string GatewayUser = "smile-gateway";

        /// <summary>The gateway's publisher login (node acknowledgements): a connection of its own needs a login of its own.</summary>
        public const string GatewayPublisherUser = "smile-gateway-pub";

        public const string NetworkServerUser = "chirpstack";
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };
        private readonly ProvisionOptions _options;
        private readonly string _out;

        public Provisioner(ProvisionOptions options, string outputFolder)
        {
            _options = options;
            _out = outputFolder;
        }

        public string NodesFolder => Path.Combine(_out, "nodes");

        /// <summary>Provisions every row; progress is called after each row with (done, total).</summary>
        public List<RowResult> Run(NodeSheet sheet, Action<int, int>? progress = null)
        {
            Directory.CreateDirectory(NodesFolder);
            var results = new List<RowResult>();
            var valid = new List<NodeConfig>();
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var euis = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            HashSet<string> sheetEuis = ReservedIds.DevEuis(sheet);
            foreach (NodeRow row in sheet.Rows)
            {
                RowResult result = ReservedIds.Reason(row, sheetEuis) is string reserved ? RowResult.Invalid(row, row["id"], reserved) : Provision(row, ids, euis, valid);
                results.Add(result);
                progress?.Invoke(results.Count, sheet.Rows.Count);
            }

            WriteBroker(valid);
            WriteLoRaWan(valid.Where(c => c.Transport == "lorawan").ToList());
            return results;
        }

        private RowResult Provision(NodeRow row, HashSet<string> ids, HashSet<string> euis, List<NodeConfig> valid)
        {
            string id = row["id"];
            if (row.ExtraCells > 0)
            {
                return RowResult.Invalid(row, id, row.ExtraCells + " cells more than the header has columns");
            }

            if (!ids.Add(id))
            {
                return RowResult.Invalid(row, id, "node id " + id + " appears in an earlier row");
            }

            string path = Path.Combine(NodesFolder, id + ".json");
            NodeConfig? existing = NodeIds.IsValid(id) && File.Exists(path) ? Load(path) : null;
            NodeConfig config;
            try
            {
                config = Build(row, existing);
            }
            catch (FormatException e)
            {
                return RowResult.Invalid(row, id, e.Message);
            }

            string[] errors = NodeConfigValidator.Validate(config);
            if (errors.Length > 0)
            {
                return RowResult.Invalid(row, id, string.Join("; ", errors));
            }

            if (config.Transport == "lorawan" && !euis.Add(config.DevEui))
            {
                return RowResult.Invalid(row, id, "DevEUI " + config.DevEui + " is already used by an earlier row");
            }

            string json = JsonSerializer.Serialize(config, Indented) + "\n";
            string before = existing != null ? File.ReadAllText(path) : "";
            if (existing != null && json != before)
            {
                // The node reports its config version in its status frames: a changed config gets the next one.
                config.ConfigVersion = existing.ConfigVersion + 1;
                json = JsonSerializer.Serialize(config, Indented) + "\n";
            }

            // The node reads it with the firmware's own reader: a config that reader refuses is never written.
            string[] unreadable = NodeConfigReader.Read(json, new NodeConfig());
            if (unreadable.Length > 0)
            {
                return RowResult.Invalid(row, id, "the node could not read the config: " + string.Join("; ", unreadable));
            }

            WriteSecret(path, json);
            valid.Add(config);
            string what = existing == null ? "created" : json == before ? "unchanged" : "updated";
            string detail = config.Transport == "wifi" ? "MQTT login " + config.MqttUsername : "DevEUI " + config.DevEui
                + (row["dev_eui"].Length == 0 && existing == null ? " (generated: the node writes it into its modem)" : "");
            return new RowResult(row.Line, id, config.Transport, what, detail);
        }

        private NodeConfig Build(NodeRow row, NodeConfig? existing)
        {
            var config = new NodeConfig
            {
                NodeId = row["id"],
                Site = row["site"],
                Transport = row["transport"].ToLowerInvariant(),
                Board = row["board"].ToLowerInvariant(),
                Modem = row["modem"].Length > 0 ? row["modem"].ToLowerInvariant() : "wio-e5",
                Radar = row["radar"].Length > 0 && ParseBool(row["radar"]),
                ConfigVersion = existing?.ConfigVersion ?? 1,
            };
            if (row["sample_interval_s"].Length > 0)
            {
                config.SampleIntervalSeconds = ParseInt(row["sample_interval_s"], "sample_interval_s");
            }

            if (row["send_interval_s"].Length > 0)
            {
                config.SendIntervalSeconds = ParseInt(row["send_interval_s"], "send_interval_s");
            }

            BoardDefaults.Apply(config);
            if (config.Transport == "lorawan")
            {
                config.DevEui = row["dev_eui"].Length > 0 ? ReservedIds.Normalize(row["dev_eui"])
                    : existing?.DevEui.Length == 16 ? existing.DevEui : Secrets.DevEui();
                config.JoinEui = _options.JoinEui.ToUpperInvariant();
                config.AppKey = existing?.AppKey.Length == 32 ? existing.AppKey : Secrets.AppKey();
            }
            else if (config.Transport == "wifi")
            {
                config.WifiSsid = _options.WifiSsid;
                config.WifiPassword = _options.WifiPassword;
                config.MqttHost = _options.MqttHost;
                config.MqttPort = _options.MqttPort;
                config.MqttUsername = config.NodeId;
                config.MqttPassword = existing?.MqttPassword.Length >= 12 ? existing.MqttPassword : Secrets.Password();
                config.MqttCaCertificate = _options.CaCertificate;
            }

            return config;
        }

        /// <summary>
        /// Password file and ACL: each Wi-Fi node may write only its uplink and will and read only its acknowledgement;
        /// the gateway's subscriber only reads, its publisher only writes acknowledgements.
        /// </summary>
        private void WriteBroker(List<NodeConfig> valid)
        {
            string folder = Path.Combine(_out, "mosquitto");
            Directory.CreateDirectory(folder);
            string passwdPath = Path.Combine(folder, "passwd");
            Dictionary<string, string> existing = MosquittoPasswords.Read(passwdPath);
            string gatewayPassword = EnvSecret("gateway.env", "Smile__LocalBroker__Username", GatewayUser, "Smile__LocalBroker__Password");
            string publisherPassword = EnvSecret("gateway.env", "Smile__LocalBroker__PublisherUsername", GatewayPublisherUser, "Smile__LocalBroker__PublisherPassword");
            var passwd = new StringBuilder();
            passwd.Append(MosquittoPasswords.Line(GatewayUser, gatewayPassword, existing.GetValueOrDefault(GatewayUser))).Append('\n');
            passwd.Append(MosquittoPasswords.Line(GatewayPublisherUser, publisherPassword, existing.GetValueOrDefault(GatewayPublisherUser))).Append('\n');
            var acl = new StringBuilder();
            acl.Append("# Smile Place broker ACL, written by nodectl provision. A Wi-Fi node (its login is its node id, and the broker\n")
               .Append("# makes the login its client id) may publish only its own uplink and last will and read only its own\n")
               .Append("# acknowledgement, so the gateway can trust the node id in the topic.\n\n")
               .Append("user ").Append(GatewayUser).Append("\ntopic read smile/up/#\ntopic read smile/will/#\ntopic read application/#\ntopic read v3/#\n\n")
               .Append("user ").Append(GatewayPublisherUser).Append("\ntopic write smile/ack/#\n");
            if (valid.Any(c => c.Transport == "lorawan"))
            {
                string nsPassword = EnvSecret("chirpstack.env", "MQTT_USERNAME", NetworkServerUser, "MQTT_PASSWORD");
                passwd.Append(MosquittoPasswords.Line(NetworkServerUser, nsPassword, existing.GetValueOrDefault(NetworkServerUser))).Append('\n');
                acl.Append("\nuser ").Append(NetworkServerUser).Append("\ntopic write application/#\ntopic read application/+/device/+/command/#\n");
            }

            foreach (NodeConfig node in valid.Where(c => c.Transport == "wifi"))
            {
                passwd.Append(MosquittoPasswords.Line(node.MqttUsername, node.MqttPassword, existing.GetValueOrDefault(node.MqttUsername))).Append('\n');
                acl.Append("\nuser ").Append(node.MqttUsername)
                   .Append("\ntopic write smile/up/").Append(node.NodeId)
                   .Append("\ntopic write smile/will/").Append(node.NodeId)
                   .Append("\ntopic read smile/ack/").Append(node.NodeId).Append('\n');
            }

            WriteSecret(passwdPath, passwd.ToString());
            WriteIfChanged(Path.Combine(folder, "acl"), acl.ToString());
        }

        /// <summary>The Things Stack's CSV bulk import and the ChirpStack v4 API's device and key requests.</summary>
        private void WriteLoRaWan(List<NodeConfig> nodes)
        {
            if (nodes.Count == 0)
            {
                return;
            }

            string folder = Path.Combine(_out, "lorawan");
            Directory.CreateDirectory(folder);
            var tts = new StringBuilder("id;dev_eui;join_eui;app_key;name;frequency_plan_id;lorawan_version;lorawan_phy_version\n");
            var chirpstack = new JsonArray();
            foreach (NodeConfig node in nodes)
            {
                tts.Append(node.NodeId.ToLowerInvariant().Replace('_', '-').Replace('.', '-')).Append(';').Append(node.DevEui).Append(';').Append(node.JoinEui).Append(';')
                   .Append(node.AppKey).Append(';').Append(node.NodeId).Append(';').Append(_options.FrequencyPlan).Append(";MAC_V1_0_3;PHY_V1_0_3_REV_A\n");
                chirpstack.Add(new JsonObject
                {
                    ["device"] = new JsonObject
                    {
                        ["devEui"] = node.DevEui.ToLowerInvariant(),
                        ["joinEui"] = node.JoinEui.ToLowerInvariant(),
                        ["name"] = node.NodeId,
                        ["description"] = "Smile node at " + node.Site,
                        ["applicationId"] = _options.ChirpStackApplicationId,
                        ["deviceProfileId"] = _options.ChirpStackDeviceProfileId,
                        ["tags"] = new JsonObject { ["site"] = node.Site },
                    },

                    // LoRaWAN 1.0.x: ChirpStack keeps the AppKey in the nwkKey field.
                    ["deviceKeys"] = new JsonObject { ["nwkKey"] = node.AppKey.ToLowerInvariant(), ["appKey"] = "00000000000000000000000000000000" },
                });
            }

            WriteSecret(Path.Combine(folder, "tts-devices.csv"), tts.ToString());
            WriteSecret(Path.Combine(folder, "chirpstack-devices.json"), chirpstack.ToJsonString(Indented) + "\n");
            ChirpStackSettings.Write(folder, _options);
        }

        /// <summary>
        /// A broker login's password, kept in an env file beside the outputs: created once, and a login missing from an
        /// older file is added to it, keeping the lines already there.
        /// </summary>
        private string EnvSecret(string file, string userKey, string user, string passwordKey)
        {
            string path = Path.Combine(_out, file);
            string text = File.Exists(path) ? File.ReadAllText(path) : "";
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith(passwordKey + "=", StringComparison.Ordinal))
                {
                    return line.Substring(passwordKey.Length + 1);
                }
            }

            string password = Secrets.Password();
            WriteSecret(path, text + (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + userKey + "=" + user + "\n" + passwordKey + "=" + password + "\n");
            return password;
        }

        private static NodeConfig? Load(string path)
        {
            try
            {
                return JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(path));
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static bool ParseBool(string text) => text.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new FormatException("radar must be true or false (is '" + text + "')"),
        };

        private static int ParseInt(string text, string column) =>
            int.TryParse(text, out int value) ? value : throw new FormatException(column + " must be a whole number (is '" + text + "')");

        /// <summary>Files with keys and passwords: owner-only from their first byte (SecretFile), replaced atomically.</summary>
        private static void WriteSecret(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text)
            {
                return;
            }

            SecretFile.Write(path, text);
        }

        private static void WriteIfChanged(string path, string text)
        {
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }
        }
    }

    /// <summary>What became of one row of the sheet.</summary>
    public sealed record RowResult(int Line, string Node, string Transport, string Result, string Detail)
    {
        public bool Ok => Result != "invalid";

        public static RowResult Invalid(NodeRow row, string node, string reason) => new RowResult(row.Line, node, row["transport"], "invalid", reason);
    }
}
