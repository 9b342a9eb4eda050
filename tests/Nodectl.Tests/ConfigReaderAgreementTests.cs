using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Smile.Node;
using Smile.Nodectl.Provision;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>
    /// What nodectl writes with System.Text.Json is what the node reads with its own NodeConfigReader: every key,
    /// every value, the escapes System.Text.Json chooses (\u002B for '+', \u00E4, surrogate pairs) included.
    /// </summary>
    public sealed class ConfigReaderAgreementTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-reader-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        private static readonly PropertyInfo[] Properties = typeof(NodeConfig).GetProperties();

        [Fact]
        public void The_reader_knows_every_property_of_NodeConfig_with_its_type()
        {
            Assert.Equal(Properties.Select(p => p.Name).OrderBy(n => n), NodeConfigKeys.Names.OrderBy(n => n));
            foreach (PropertyInfo p in Properties)
            {
                char kind = NodeConfigKeys.Kinds[NodeConfigKeys.IndexOf(p.Name)];
                Assert.Equal(p.PropertyType == typeof(string) ? 's' : p.PropertyType == typeof(int) ? 'i' : 'b', kind);
            }
        }

        [Fact]
        public void A_config_with_a_distinct_value_in_every_property_reads_back_equal()
        {
            var written = new NodeConfig();
            int n = 0;
            foreach (PropertyInfo p in Properties)
            {
                n++;
                object value = p.PropertyType == typeof(string) ? "v" + n + " +<>&'\"\\/ \u00e4 \U0001F642\n" : p.PropertyType == typeof(int) ? (object)(n * 1000003 - 7) : (object)true;
                p.SetValue(written, value);
            }

            var read = new NodeConfig();
            Assert.Empty(NodeConfigReader.Read(JsonSerializer.Serialize(written), read));
            Assert.Empty(NodeConfigReader.Read(JsonSerializer.Serialize(written, new JsonSerializerOptions { WriteIndented = true }), new NodeConfig()));
            foreach (PropertyInfo p in Properties)
            {
                Assert.True(Equals(p.GetValue(written), p.GetValue(read)), p.Name);
            }
        }

        [Fact]
        public void Every_config_nodectl_provision_writes_is_read_by_the_firmware_reader_as_dotnet_reads_it()
        {
            string sheet = Path.Combine(_folder, "nodes.csv");
            File.WriteAllText(sheet, "id,site,transport,board,modem,radar,sample_interval_s\n"
                + "n-lora,site-a,lorawan,esp32,wio-e5,,\nn-rak,site-a,lorawan,esp32-c3,rak3172,,60\n"
                + "n-wifi,site-a,wifi,esp32-s3,,true,\nn-wifi2,site-a,wifi,esp32,,,\n");
            var options = new ProvisionOptions
            {
                MqttHost = "broker.smile.example",
                WifiSsid = "Café \"Hafen\" \\ 🙂",
                WifiPassword = "pässwört+<&>'",
                CaCertificate = "-----BEGIN CERTIFICATE-----\nMIIBk+/Ag==\n-----END CERTIFICATE-----\n",
            };

            var results = new Provisioner(options, Path.Combine(_folder, "out")).Run(NodeSheet.Read(sheet));

            Assert.All(results, r => Assert.True(r.Ok, r.Detail));
            string[] files = Directory.GetFiles(Path.Combine(_folder, "out", "nodes"), "*.json");
            Assert.Equal(4, files.Length);
            foreach (string file in files)
            {
                string json = File.ReadAllText(file);
                var read = new NodeConfig();
                Assert.Empty(NodeConfigReader.Read(json, read));
                Assert.Empty(NodeConfigValidator.Validate(read));
                NodeConfig expected = JsonSerializer.Deserialize<NodeConfig>(json)!;
                foreach (PropertyInfo p in Properties)
                {
                    Assert.True(Equals(p.GetValue(expected), p.GetValue(read)), Path.GetFileName(file) + " " + p.Name);
                }
            }
        }
    }
}
