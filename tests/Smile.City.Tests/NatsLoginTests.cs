using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Smile.Simulation.City;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>
    /// A cluster that demands TLS and a login (authorization { users = [...] }): the ingest with the right password
    /// and the cluster's CA consumes; one with a wrong password keeps running, retries and says why.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class NatsLoginTests : IDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _certificates = Directory.CreateTempSubdirectory("smile-nats-tls-").FullName;

        public NatsLoginTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Over_TLS_the_right_password_consumes_and_a_wrong_one_is_refused_retried_and_reported()
        {
            const int total = 300;
            Certificates.Make(_certificates);
            string F(string name) => Path.Combine(_certificates, name);
            string serverConfig =
                "tls {\n  cert_file: \"" + F("server.crt") + "\"\n  key_file: \"" + F("server.key") + "\"\n}\n"
                + "authorization {\n  users = [\n    { user: \"ingest\", password: \"the-right-password\" }\n"
                + "    { user: \"gateway\", password: \"the-gateway-password\" }\n  ]\n}\n";
            using var nats = NatsCluster.Start(1, serverConfig);
            using var postgres = PostgresServer.Start();
            using var right = new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 1, "right", Login("the-right-password"));
            using var wrong = new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 1, "wrong", Login("not-the-password"));
            right.Start();
            wrong.Start();

            // Consuming (the consumer exists) before the gateway connects: the stream keeps only what someone wants.
            var ok = await HealthProbe.WaitForAsync(right.HealthUrl + "/healthz", 200, "ok", TimeSpan.FromSeconds(120));
            Assert.True(ok.Status == 200, ok.Body + "\n" + right.Log());
            await MqttGateway.PublishAsync(nats.Members[0].MqttPort, total, "gw-login", "gateway", "the-gateway-password");
            long stored = await Rows.WaitForCountAsync(postgres, "SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(120));
            Assert.True(stored == total, "stored " + stored + " of " + total + "\n" + right.Log());

            var refused = await HealthProbe.WaitForAsync(wrong.HealthUrl + "/healthz", 503, "refused the login", TimeSpan.FromSeconds(60));
            _output.WriteLine(refused.Body);
            Assert.True(refused.Status == 503, refused.Body + "\n" + wrong.Log());
            string log = wrong.Log();
            _output.WriteLine(log);
            Assert.Contains("refused the login", log);
            Assert.DoesNotContain("not-the-password", log + refused.Body);
            Assert.True(wrong.Running, "the refused instance exited\n" + log);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_certificates, true);
            }
            catch (IOException)
            {
                // Left to the OS's temp clean-up.
            }
        }

        private Dictionary<string, string> Login(string password) => new Dictionary<string, string>
        {
            ["Smile__Nats__Username"] = "ingest",
            ["Smile__Nats__Password"] = password,
            ["Smile__Nats__Tls__Enabled"] = "true",
            ["Smile__Nats__Tls__CaFile"] = Path.Combine(_certificates, "ca.crt"),
        };
    }
}
