using System;
using System.IO;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>TLS against mosquitto with certificates made in the test: validation is on unless switched off.</summary>
    public class TlsTests
    {
        private static Mosquitto TlsBroker(bool requireClientCertificate) => Mosquitto.Start(
            "listener {port} 127.0.0.1\nallow_anonymous true\ncafile {dir}/ca.crt\ncertfile {dir}/server.crt\nkeyfile {dir}/server.key\n"
            + "require_certificate " + (requireClientCertificate ? "true" : "false") + "\n",
            listenerIncluded: true,
            prepare: b => Certificates.Make(b.Folder));

        private static MqttClientOptions Options(Mosquitto broker, MqttTlsOptions tls)
        {
            MqttClientOptions options = Clients.Options(broker, "tls");
            options.Host = "localhost";
            options.Tls = tls;
            return options;
        }

        [Fact]
        public async Task Connects_when_the_broker_certificate_chains_to_the_configured_ca()
        {
            using var broker = TlsBroker(false);
            await using var client = await Clients.ConnectedAsync(Options(broker, new MqttTlsOptions { CaFile = Path.Combine(broker.Folder, "ca.crt") }));

            await client.SubscribeAsync("tls/#", QoS.AtLeastOnce);
            await client.PublishAsync("tls/x", new byte[] { 1 }, QoS.AtLeastOnce, false);
            Assert.Single(await Clients.ReceiveAsync(client, 1, TimeSpan.FromSeconds(5)));
        }

        [Fact]
        public async Task Connects_when_the_ca_file_is_a_bundle_with_our_ca_after_another()
        {
            using var broker = TlsBroker(false);
            string other = Path.Combine(broker.Folder, "other");
            Directory.CreateDirectory(other);
            Certificates.Make(other);
            string bundle = Path.Combine(broker.Folder, "bundle.crt");
            File.WriteAllText(bundle, File.ReadAllText(Path.Combine(other, "ca.crt")) + File.ReadAllText(Path.Combine(broker.Folder, "ca.crt")));

            await using var client = await Clients.ConnectedAsync(Options(broker, new MqttTlsOptions { CaFile = bundle }));
            Assert.True(client.IsConnected);
        }

        [Fact]
        public async Task A_ca_file_holding_no_certificate_is_refused_with_its_name()
        {
            using var broker = TlsBroker(false);
            string empty = Path.Combine(broker.Folder, "empty.crt");
            File.WriteAllText(empty, "not a certificate\n");
            await using var client = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = empty }));
            client.Start();

            Assert.False(await client.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
            await Clients.AssertLastErrorAsync(() => client.LastError, "empty.crt");
        }

        [Theory]
        [InlineData(false, null)]
        [InlineData(true, "not-the-broker.example")]
        public async Task Refuses_an_untrusted_certificate_or_a_wrong_name(bool withCa, string? serverName)
        {
            using var broker = TlsBroker(false);
            var tls = new MqttTlsOptions { CaFile = withCa ? Path.Combine(broker.Folder, "ca.crt") : null, ServerName = serverName };
            await using var client = new MqttClient(Options(broker, tls));
            client.Start();

            Assert.False(await client.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
            await Clients.AssertLastErrorAsync(() => client.LastError, "remote certificate", StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task Allowing_untrusted_certificates_is_an_explicit_choice()
        {
            using var broker = TlsBroker(false);
            await using var client = await Clients.ConnectedAsync(Options(broker, new MqttTlsOptions { AllowUntrustedCertificates = true }));
            Assert.True(client.IsConnected);
        }

        [Fact]
        public async Task Presents_a_client_certificate_when_the_broker_requires_one()
        {
            using var broker = TlsBroker(true);
            string ca = Path.Combine(broker.Folder, "ca.crt");
            await using (var without = new MqttClient(Options(broker, new MqttTlsOptions { CaFile = ca })))
            {
                without.Start();
                Assert.False(await without.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
            }

            var tls = new MqttTlsOptions
            {
                CaFile = ca,
                ClientCertificateFile = Path.Combine(broker.Folder, "client.crt"),
                ClientKeyFile = Path.Combine(broker.Folder, "client.key"),
            };
            await using var with = await Clients.ConnectedAsync(Options(broker, tls));
            Assert.True(with.IsConnected);
        }
    }
}
