using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Smile.Node;
using Smile.Nodectl.Provision;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>What nodectl provision refuses and writes so that one node's login cannot become more (issue 11).</summary>
    public sealed class ProvisionSecurityTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-provision-security-").FullName;

        private static readonly ProvisionOptions Plain = new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = 1883, WifiSsid = "smile-place", WifiPassword = "place-password" };

        public void Dispose() => Directory.Delete(_folder, true);

        private string Out => Path.Combine(_folder, "out");

        private List<RowResult> Provision(string sheet, ProvisionOptions options)
        {
            string path = Path.Combine(_folder, "nodes.csv");
            File.WriteAllText(path, sheet);
            return new Provisioner(options, Out).Run(NodeSheet.Read(path));
        }

        [Fact]
        public void The_gateways_and_the_network_servers_logins_and_other_rows_deveuis_are_no_node_ids()
        {
            List<RowResult> results = Provision("id,site,transport,board,dev_eui\n"
                + "smile-gateway,hafen,wifi,esp32,\nsmile-gateway-pub,hafen,wifi,esp32,\nSmile-Gateway-2,hafen,wifi,esp32,\n"
                + "chirpstack,hafen,wifi,esp32,\nChirpStack,hafen,lorawan,esp32,70B3D57ED0000009\n"
                + "lora-01,hafen,lorawan,esp32,70-B3-D5-7E-D0-00-00-01\n70b3d57ed0000001,hafen,wifi,esp32,\n"
                + "0011223344556677,hafen,wifi,esp32,\nnode-001,hafen,wifi,esp32,\n", Plain);

            Assert.Equal(new[] { "invalid", "invalid", "invalid", "invalid", "invalid", "created", "invalid", "invalid", "created" }, results.Select(r => r.Result));
            Assert.Equal("node id smile-gateway is reserved: ids starting with smile-gateway are the gateway's broker logins", results[0].Detail);
            Assert.StartsWith("node id smile-gateway-pub is reserved", results[1].Detail);
            Assert.StartsWith("node id Smile-Gateway-2 is reserved", results[2].Detail);
            Assert.Equal("node id chirpstack is reserved: it is the LoRaWAN network server's broker login", results[3].Detail);
            Assert.StartsWith("node id ChirpStack is reserved", results[4].Detail);
            Assert.StartsWith("node id 70b3d57ed0000001 is another row's DevEUI", results[6].Detail);
            Assert.StartsWith("NodeId must not be 16 hex digits on Wi-Fi", results[7].Detail);
            string passwd = File.ReadAllText(Path.Combine(Out, "mosquitto", "passwd"));
            Assert.Equal(new[] { "smile-gateway", "smile-gateway-pub", "chirpstack", "node-001" }, passwd.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]));
        }

        [Fact]
        public void The_gateways_subscriber_and_publisher_get_a_login_each_with_only_the_rights_each_needs()
        {
            Provision("id,site,transport,board\nnode-001,hafen,wifi,esp32\n", Plain);

            string[] env = File.ReadAllLines(Path.Combine(Out, "gateway.env"));
            Assert.Equal(new[] { "Smile__LocalBroker__Username", "Smile__LocalBroker__Password", "Smile__LocalBroker__PublisherUsername", "Smile__LocalBroker__PublisherPassword" },
                env.Select(l => l.Split('=')[0]));
            Assert.Contains("Smile__LocalBroker__PublisherUsername=smile-gateway-pub", env);
            Assert.NotEqual(env[1].Split('=')[1], env[3].Split('=')[1]);
            string acl = File.ReadAllText(Path.Combine(Out, "mosquitto", "acl"));
            Assert.Contains("user smile-gateway\ntopic read smile/up/#\ntopic read smile/will/#\ntopic read application/#\ntopic read v3/#\n\n", acl);
            Assert.Contains("user smile-gateway-pub\ntopic write smile/ack/#\n", acl);
        }

        [Fact]
        public void An_older_gateway_env_with_one_login_keeps_it_and_gains_the_publishers()
        {
            Directory.CreateDirectory(Out);
            File.WriteAllText(Path.Combine(Out, "gateway.env"), "Smile__LocalBroker__Username=smile-gateway\nSmile__LocalBroker__Password=kept-password-123\n");

            Provision("id,site,transport,board\nnode-001,hafen,wifi,esp32\n", Plain);

            string[] env = File.ReadAllLines(Path.Combine(Out, "gateway.env"));
            Assert.Equal("Smile__LocalBroker__Password=kept-password-123", env[1]);
            Assert.Equal("Smile__LocalBroker__PublisherUsername=smile-gateway-pub", env[2]);
        }

        [Fact]
        public void The_tls_port_without_a_ca_is_refused_once_for_the_batch_and_per_row_by_the_nodes_validator()
        {
            string sheet = Path.Combine(_folder, "nodes.csv");
            File.WriteAllText(sheet, "id,site,transport,board\nnode-001,hafen,wifi,esp32\n");
            var tlsWithoutCa = new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = 8883, WifiSsid = "smile-place" };

            Assert.Equal(2, ProvisionCommand.Run(new FileInfo(sheet), new DirectoryInfo(Out), tlsWithoutCa));
            Assert.StartsWith("--mqtt-port 8883 is the broker's TLS listener and needs --ca-file", tlsWithoutCa.Problem());
            Assert.False(Directory.Exists(Path.Combine(Out, "nodes")));
            RowResult row = new Provisioner(tlsWithoutCa, Out).Run(NodeSheet.Read(sheet)).Single();
            Assert.Equal("MqttPort 8883 is MQTT over TLS and needs MqttCaCertificate (the site CA's PEM) (is '8883')", row.Detail);
            Assert.StartsWith("--ca-file is no PEM certificate", new ProvisionOptions { CaCertificate = "not a certificate" }.Problem());
        }

        [Fact]
        public void With_the_site_ca_every_wifi_node_gets_its_pem_and_every_secret_file_is_owner_only()
        {
            string ca = Path.Combine(_folder, "ca");
            CaCommand.Run(new DirectoryInfo(ca), new[] { "192.168.4.1" });
            string pem = File.ReadAllText(Path.Combine(ca, "ca.crt"));
            var tls = new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = 8883, CaCertificate = pem, WifiSsid = "smile-place" };
            Assert.Null(tls.Problem());

            List<RowResult> results = Provision("id,site,transport,board,dev_eui\nnode-001,hafen,wifi,esp32,\nlora-01,hafen,lorawan,esp32,70B3D57ED0000001\n", tls);

            Assert.All(results, r => Assert.True(r.Ok, r.Detail));
            Assert.Equal(pem, JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Path.Combine(Out, "nodes", "node-001.json")))!.MqttCaCertificate);
            if (!OperatingSystem.IsWindows())
            {
                foreach (string secret in new[] { "gateway.env", "chirpstack.env", "mosquitto/passwd", "nodes/node-001.json", "nodes/lora-01.json", "lorawan/tts-devices.csv", "lorawan/chirpstack-devices.json" })
                {
                    Assert.True(File.GetUnixFileMode(Path.Combine(Out, secret)) == SecretFile.OwnerOnly, secret + " is " + File.GetUnixFileMode(Path.Combine(Out, secret)));
                }
            }
        }
    }
}
