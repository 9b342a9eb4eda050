using System.IO;
using Smile.Nodectl.Provision;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>nodectl provision writes the ChirpStack settings that make LoRaWAN uplinks survive a gateway restart.</summary>
    public sealed class ChirpStackSettingsTests : System.IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-provision-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        private string Provision(string sheet, int port)
        {
            string path = Path.Combine(_folder, "nodes.csv");
            File.WriteAllText(path, sheet);
            string output = Path.Combine(_folder, "out");
            new Provisioner(new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = port, WifiSsid = "smile-place" }, output).Run(NodeSheet.Read(path));
            return Path.Combine(output, "lorawan", "chirpstack-mqtt.toml");
        }

        [Fact]
        public void A_lorawan_node_gets_chirpstack_settings_with_qos_1_a_fixed_client_id_and_a_kept_session_beside_its_device_file()
        {
            string snippet = Provision("id,site,transport,board,modem,dev_eui\nhro-hafen-01,stadthafen,lorawan,esp32,wio-e5,70B3D57ED0000001\n", 1883);

            string[] lines = File.ReadAllLines(snippet);
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(snippet)!, "chirpstack-devices.json")));
            Assert.Contains("[integration.mqtt]", lines);
            Assert.Contains("qos=1", lines);
            Assert.Contains("client_id=\"chirpstack\"", lines);
            Assert.Contains("clean_session=false", lines);
            Assert.Contains("server=\"tcp://192.168.4.1:1883/\"", lines);
            Assert.Contains("event_topic=\"application/{{application_id}}/device/{{dev_eui}}/event/{{event}}\"", lines);

            // The password stays in chirpstack.env; ChirpStack substitutes it from its environment.
            Assert.Contains("password=\"$MQTT_PASSWORD\"", lines);
            string env = File.ReadAllText(Path.Combine(_folder, "out", "chirpstack.env"));
            Assert.Contains("MQTT_PASSWORD=", env);
            Assert.DoesNotContain(env.Split("MQTT_PASSWORD=")[1].Trim(), File.ReadAllText(snippet));
        }

        [Fact]
        public void The_tls_port_gives_an_ssl_server_with_the_place_ca()
        {
            string snippet = Provision("id,site,transport,board,modem,dev_eui\nhro-hafen-01,stadthafen,lorawan,esp32,wio-e5,70B3D57ED0000001\n", 8883);

            Assert.Contains("server=\"ssl://192.168.4.1:8883/\"", File.ReadAllLines(snippet));
            Assert.Contains("ca_cert=", File.ReadAllText(snippet));
        }
    }
}
