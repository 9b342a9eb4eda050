using System;
using System.Threading.Tasks;
using Smile.Simulation.City;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>
    /// The ingest started first of all: the cluster down, then without a JetStream leader, then without the MQTT stream
    /// (nats-server creates $MQTT_msgs only for its first MQTT client). It waits, creates the stream as nats-server
    /// would and binds its consumer; gateways connecting after that find the stream and lose nothing.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class StartOrderTests
    {
        private readonly ITestOutputHelper _output;

        public StartOrderTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Started_before_the_cluster_and_any_gateway_the_ingest_waits_and_then_stores_every_MQTT_publish_once()
        {
            const int perGateway = 1000;
            using var nats = NatsCluster.Create(3);
            using var postgres = PostgresServer.Start();
            using var ingest = new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 3, "early");
            ingest.Start();

            var down = await HealthProbe.WaitForAsync(ingest.HealthUrl + "/healthz", 503, "NATS not connected", TimeSpan.FromSeconds(60));
            Assert.True(down.Status == 503, down.Body + "\n" + ingest.Log());
            // Several rounds of its back-off with nothing to connect to: it keeps waiting, it does not exit.
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.True(ingest.Running, "the ingest exited while NATS was down\n" + ingest.Log());

            nats.Launch();
            await using (var reader = new StreamPublisher(nats.ClientUrls))
            {
                await reader.WaitForIngestAsync(TimeSpan.FromSeconds(120));
            }

            await Task.WhenAll(
                MqttGateway.PublishAsync(nats.Members[0].MqttPort, perGateway, "gw-a"),
                MqttGateway.PublishAsync(nats.Members[2].MqttPort, perGateway, "gw-b"));

            const long total = 2 * perGateway;
            long stored = await Rows.WaitForCountAsync(postgres, "SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(120));
            Assert.True(stored == total, "stored " + stored + " of " + total + "\n" + ingest.Log());
            // Anything delivered twice would land now; the message id must absorb it.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(total, Rows.Count(postgres, "SELECT count(*) FROM measurement"));
            Assert.Equal(total, Rows.Count(postgres, "SELECT count(DISTINCT message_id) FROM measurement"));
            Assert.Equal(0, Rows.Count(postgres, "SELECT count(*) FROM ingest_dead_letter"));

            string log = ingest.Log();
            _output.WriteLine(log);
            Assert.Contains("retrying in", log);
            Assert.Contains("created $MQTT_msgs", log);
            Assert.True(ingest.Running, log);
            var ok = await HealthProbe.WaitForAsync(ingest.HealthUrl + "/healthz", 200, "ok", TimeSpan.FromSeconds(30));
            Assert.True(ok.Status == 200, ok.Body);
        }
    }
}
