using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Node;
using Smile.Nodectl.Provision;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>nodectl provision: the node sheet to configs, a password file and ACL a real mosquitto enforces, and LoRaWAN import files.</summary>
    public sealed class ProvisionTests : IDisposable
    {
        private const string Sheet = @"id,site,transport,board,modem,dev_eui,radar
hro-hafen-01,stadthafen,lorawan,esp32,wio-e5,70B3D57ED0000001,
hro-hafen-02,stadthafen,wifi,esp32-s3,,,true
hro-hafen-03,stadthafen,wifi,esp32,,,
bad id,stadthafen,wifi,esp32,,,
hro-hafen-04,stadthafen,zigbee,esp32,,,
hro-hafen-01,stadthafen,lorawan,esp32,,,
hro-hafen-05,stadthafen,lorawan,esp32,rak3172,,maybe
hro-hafen-06,stadthafen,lorawan,esp32-c3,rak3172,,
";

        private readonly string _folder = Directory.CreateTempSubdirectory("smile-provision-").FullName;

        private static readonly ProvisionOptions Options = new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = 1883, WifiSsid = "smile-place", WifiPassword = "place-password" };

        public void Dispose() => Directory.Delete(_folder, true);

        private string Out => Path.Combine(_folder, "out");

        private List<RowResult> Provision(string sheet)
        {
            string path = Path.Combine(_folder, "nodes.csv");
            File.WriteAllText(path, sheet);
            return new Provisioner(Options, Out).Run(NodeSheet.Read(path));
        }

        private NodeConfig Config(string id) => JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Path.Combine(Out, "nodes", id + ".json")))!;

        [Fact]
        public void Valid_rows_go_through_and_each_invalid_row_is_reported_with_its_line_and_reason()
        {
            List<RowResult> results = Provision(Sheet);

            Assert.Equal(new[] { "created", "created", "created", "invalid", "invalid", "invalid", "invalid", "created" }, results.Select(r => r.Result));
            Assert.Equal(new[] { 5, 6, 7, 8 }, results.Where(r => !r.Ok).Select(r => r.Line));
            Assert.StartsWith("NodeId must be 1 to 64 letters", results[3].Detail);
            Assert.Equal("Transport must be lorawan or wifi (is 'zigbee')", results[4].Detail);
            Assert.Equal("node id hro-hafen-01 appears in an earlier row", results[5].Detail);
            Assert.Equal("radar must be true or false (is 'maybe')", results[6].Detail);

            NodeConfig s3 = Config("hro-hafen-02");
            Assert.Empty(NodeConfigValidator.Validate(s3));
            Assert.Equal((4, 8, true), (s3.PinBatteryAdc, s3.PinI2cSda, s3.Radar));
            Assert.Equal("hro-hafen-02", s3.MqttUsername);
            Assert.Equal(24, s3.MqttPassword.Length);
            NodeConfig generated = Config("hro-hafen-06");
            Assert.Matches("^[0-9A-F]{16}$", generated.DevEui);
            Assert.Equal(2, Convert.ToByte(generated.DevEui.Substring(0, 2), 16) & 0x03);
            Assert.Equal("70B3D57ED0000001", Config("hro-hafen-01").DevEui);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(Out, "lorawan", "tts-devices.csv")).Length - 1);
            Assert.Contains("\"nwkKey\": \"" + generated.AppKey.ToLowerInvariant() + "\"", File.ReadAllText(Path.Combine(Out, "lorawan", "chirpstack-devices.json")));
            Assert.False(File.Exists(Path.Combine(Out, "nodes", "hro-hafen-04.json")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Out, "mosquitto", "passwd")));
            }
        }

        [Fact]
        public void Running_again_with_the_same_sheet_changes_no_byte_and_a_changed_row_gets_the_next_config_version()
        {
            Provision(Sheet);
            Dictionary<string, byte[]> before = Files();

            List<RowResult> again = Provision(Sheet);

            Assert.All(again.Where(r => r.Ok), r => Assert.Equal("unchanged", r.Result));
            Dictionary<string, byte[]> after = Files();
            Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
            Assert.All(before, f => Assert.True(f.Value.SequenceEqual(after[f.Key]), f.Key + " changed"));

            string password = Config("hro-hafen-03").MqttPassword;
            List<RowResult> changed = Provision(Sheet.Replace("hro-hafen-03,stadthafen,wifi,esp32,,,", "hro-hafen-03,stadthafen,wifi,esp32,,,true"));
            Assert.Equal("updated", changed.Single(r => r.Node == "hro-hafen-03").Result);
            Assert.Equal(2, Config("hro-hafen-03").ConfigVersion);
            Assert.Equal(password, Config("hro-hafen-03").MqttPassword);
        }

        [Fact]
        [Trait("Category", "process")]
        public void The_password_hash_is_mosquittos_own_format()
        {
            string file = Path.Combine(_folder, "pw");
            ProcessRunner.Run("mosquitto_passwd", "-b", "-c", file, "someone", "secret-123");
            string line = File.ReadAllText(file).Trim();

            Assert.True(MosquittoPasswords.Verify(line, "secret-123"));
            Assert.False(MosquittoPasswords.Verify(line, "secret-124"));
            Assert.True(MosquittoPasswords.Verify(MosquittoPasswords.Line("x", "pw-456", null), "pw-456"));
        }

        [Fact]
        [Trait("Category", "process")]
        public async Task A_real_broker_lets_each_node_in_with_its_own_login_and_only_onto_its_own_topics()
        {
            Provision(Sheet);
            using Mosquitto broker = Mosquitto.Start(
                "listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {dir}/passwd\nacl_file {dir}/acl\n",
                listenerIncluded: true,
                prepare: b =>
                {
                    File.Copy(Path.Combine(Out, "mosquitto", "passwd"), Path.Combine(b.Folder, "passwd"));
                    File.Copy(Path.Combine(Out, "mosquitto", "acl"), Path.Combine(b.Folder, "acl"));
                });
            string gatewayPassword = File.ReadAllLines(Path.Combine(Out, "gateway.env")).Single(l => l.StartsWith("Smile__LocalBroker__Password=")).Split('=', 2)[1];
            await using MqttClient gateway = await ConnectAsync(broker, Provisioner.GatewayUser, gatewayPassword);
            await gateway.SubscribeAsync("smile/#", QoS.AtLeastOnce);
            NodeConfig node = Config("hro-hafen-02");
            await using MqttClient wifi = await ConnectAsync(broker, node.MqttUsername, node.MqttPassword,
                new MqttWill("smile/will/" + node.NodeId, Encoding.UTF8.GetBytes("offline"), QoS.AtLeastOnce, false));

            await wifi.PublishAsync("smile/up/hro-hafen-03", new byte[] { 1 }, QoS.AtLeastOnce, false);
            await wifi.PublishAsync("smile/up/hro-hafen-02", new byte[] { 2 }, QoS.AtLeastOnce, false);
            await wifi.AbortAsync();

            var received = new List<string>();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (received.Count < 2)
            {
                MqttMessage message = await gateway.Messages.ReadAsync(wait.Token);
                received.Add(message.Topic + "=" + Encoding.UTF8.GetString(message.Payload));
                await gateway.AckAsync(message);
            }

            Assert.Equal(new[] { "smile/up/hro-hafen-02=\u0002", "smile/will/hro-hafen-02=offline" }, received);
            await using var intruder = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "intruder", Username = node.MqttUsername, Password = "not-the-password" });
            intruder.Start();
            Assert.False(await intruder.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
        }

        private static async Task<MqttClient> ConnectAsync(Mosquitto broker, string user, string password, MqttWill? will = null)
        {
            var client = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = user, Username = user, Password = password, CleanSession = true, Will = will });
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)), user + ": " + client.LastError);
            return client;
        }

        private Dictionary<string, byte[]> Files() =>
            Directory.GetFiles(Out, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
    }
}
