using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Nodectl.Provision;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>nodectl ca: a site CA and the broker's server certificate, used by the shipped TLS listener (issue 11, Medium 3).</summary>
[Trait("Category", "process")]
    public sealed class SiteCaTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-ca-").FullName;

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void The_ca_lives_10_years_the_server_2_both_ecdsa_p256_and_the_keys_are_owner_only()
        {
            string ca = Path.Combine(_folder, "ca");
            Assert.Equal(0, CaCommand.Run(new DirectoryInfo(ca), new[] { "smile-place.local", "192.168.4.1" }));

            using var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(ca, "ca.crt"));
            using var server = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(ca, "server.crt"));
            Assert.InRange((root.NotAfter - DateTime.Now).TotalDays, 365 * 10 - 1, 365 * 10 + 3);
            Assert.InRange((server.NotAfter - DateTime.Now).TotalDays, 365 * 2 - 1, 365 * 2 + 2);
            Assert.True(root.Extensions[0] is X509BasicConstraintsExtension { CertificateAuthority: true });
            Assert.Equal("1.2.840.10045.2.1", server.PublicKey.Oid.Value); // EC public key
            using ECDsa key = server.GetECDsaPublicKey()!;
            Assert.Equal(256, key.KeySize);
            Assert.Contains("DNS:smile-place.local", server.Extensions["2.5.29.17"]!.Format(false));
            Assert.Contains("192.168.4.1", server.Extensions["2.5.29.17"]!.Format(false));

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(server));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(Path.Combine(ca, "ca.key")));
                Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(Path.Combine(ca, "server.key")));
            }
        }

        [Fact]
        public void Running_again_keeps_the_ca_the_nodes_trust_and_renews_the_server_certificate()
        {
            string ca = Path.Combine(_folder, "ca");
            CaCommand.Run(new DirectoryInfo(ca), new[] { "127.0.0.1" });
            string caBefore = File.ReadAllText(Path.Combine(ca, "ca.crt"));
            string serverBefore = File.ReadAllText(Path.Combine(ca, "server.crt"));

            Assert.Equal(0, CaCommand.Run(new DirectoryInfo(ca), new[] { "127.0.0.1" }));

            Assert.Equal(caBefore, File.ReadAllText(Path.Combine(ca, "ca.crt")));
            Assert.NotEqual(serverBefore, File.ReadAllText(Path.Combine(ca, "server.crt")));
            File.Delete(Path.Combine(ca, "ca.key"));
            Assert.Equal(2, CaCommand.Run(new DirectoryInfo(ca), new[] { "127.0.0.1" }));
        }

        [Fact]
        public async Task The_shipped_tls_listener_lets_in_a_client_trusting_the_site_ca_and_no_other()
        {
            string ca = Path.Combine(_folder, "ca");
            string other = Path.Combine(_folder, "other-ca");
            CaCommand.Run(new DirectoryInfo(ca), new[] { "127.0.0.1" });
            CaCommand.Run(new DirectoryInfo(other), new[] { "127.0.0.1" });
            File.WriteAllText(Path.Combine(_folder, "passwd"), "");
            ProcessRunner.Run("mosquitto_passwd", "-b", Path.Combine(_folder, "passwd"), "node-001", "node-001-password");
            using ShippedBroker broker = ShippedBroker.Start(folder =>
            {
                File.Copy(Path.Combine(_folder, "passwd"), Path.Combine(folder, "passwd"));
                File.WriteAllText(Path.Combine(folder, "acl"), "pattern write smile/up/%u\n");
                Directory.CreateDirectory(Path.Combine(folder, "tls"));
                File.Copy(Path.Combine(ca, "server.crt"), Path.Combine(folder, "tls", "server.crt"));
                File.Copy(Path.Combine(ca, "server.key"), Path.Combine(folder, "tls", "server.key"));
            });

            // The one that must connect gets time for a cold first TLS handshake on a loaded host; those that must not
            // fail whatever the time.
            Assert.True(await ConnectsAsync(broker.TlsPort, new MqttTlsOptions { CaFile = Path.Combine(ca, "ca.crt") }, TimeSpan.FromSeconds(15)), "a client trusting the site CA");
            Assert.False(await ConnectsAsync(broker.TlsPort, new MqttTlsOptions { CaFile = Path.Combine(other, "ca.crt") }), "a client trusting another CA");
            Assert.False(await ConnectsAsync(broker.TlsPort, new MqttTlsOptions()), "a client trusting only the system's CAs");
            Assert.False(await ConnectsAsync(broker.TlsPort, null), "a plain MQTT client on the TLS port");
        }

        private static async Task<bool> ConnectsAsync(int port, MqttTlsOptions? tls, TimeSpan? wait = null)
        {
            TimeSpan patience = wait ?? TimeSpan.FromSeconds(3);
            await using var client = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                ClientId = "node-001",
                Username = "node-001",
                Password = "node-001-password",
                CleanSession = true,
                Tls = tls,
                ConnectTimeout = patience - TimeSpan.FromSeconds(1),
            });
            client.Start();
            return await client.WaitConnectedAsync(patience);
        }
    }
}
