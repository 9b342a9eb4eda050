using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Real mosquitto brokers, the gateway as its own process, a fleet of nodes: what arrives on the platform.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class EndToEndTests
    {
        [Fact]
        public async Task Every_frame_of_100_nodes_arrives_normalized_as_the_schema_says()
        {
            await using var place = await SmilePlace.StartAsync();
            var (local, gateway, platform, publisher) = (place.Local, place.Gateway, place.Platform, place.Publisher);

            var acks = new List<Task>();
            for (int round = 0; round < 20; round++)
            {
                for (int n = 0; n < 100; n++)
                {
                    bool lora = n >= 70;
                    acks.Add(await publisher.SendAsync(lora ? StandardFrames.LoraNode(n) : StandardFrames.WifiNode(n), lora));
                }
            }

            await publisher.PublishRawAsync("smile/up/node-bad", Convert.FromHexString("200010ebfce4e1e40eac"));
            await publisher.PublishRawAsync("smile/up/node-bad", Convert.FromHexString("40"));
            await publisher.PublishRawAsync("application/app-1/device/0101010101010101/event/up", Encoding.UTF8.GetBytes("{\"data\": 12"));
            await Task.WhenAll(acks);

            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 2000 && p.OfSchema("smile.dead-letter.v1").Count() == 3, TimeSpan.FromSeconds(60)),
                "arrived: " + platform.Measured().Count + " measurements, acknowledged " + publisher.Acknowledged().Count + ", status " + await gateway.GetAsync("/status"));
            Assert.Equal(publisher.Acknowledged(), platform.Measured());
            Assert.Empty(platform.DuplicatesWithDifferentIds());

            var deadLetters = platform.OfSchema("smile.dead-letter.v1").Select(m => (string)m["reason"]!).OrderBy(r => r).ToList();
            Assert.Equal(new[] { "malformed_json", "unknown_version", "value_out_of_range" }, deadLetters);
            string status = await gateway.GetAsync("/status");
            Assert.Contains("\"quarantine_rows\":3", status);
            string metrics = await gateway.GetAsync("/metrics");
            Assert.Contains("smile_gateway_up 1", metrics);
            Assert.Contains("smile_gateway_node_events_total{event=\"quarantined\",node=\"node-bad\"} 2", metrics);

            string file = Path.Combine(gateway.DataDirectory, "upstream.jsonl");
            platform.WriteJsonLines(file);
            string output = ProcessRunner.Run("node", RepoPaths.Of("tests", "schema-check", "validate.mjs"), RepoPaths.Of("gateway", "schema"), file);
            Assert.Contains(" 0 invalid", output);
        }

        [Fact]
        public async Task Wifi_nodes_get_a_retained_acknowledgement_of_what_the_gateway_holds()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream);
            await gateway.StartReadyAsync();
            await using (var publisher = await FramePublisher.ConnectAsync(local))
            {
                for (int i = 0; i < 5; i++)
                {
                    await await publisher.SendAsync("node-ack", false);
                }
            }

            // Retained; sequence 4 and boot 1 as in the frame header (0x004, 0x1), and sequences 3, 2, 1, 0 held: bits 0 to 3.
            // Read until it says so (the gateway acknowledges after its commit, at its own pace): a wrong ack never does.
            const string expected = "1 0041000f";
            string ack = "";
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (ack.Trim() != expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                ack = ProcessRunner.Run("mosquitto_sub", "-h", "127.0.0.1", "-p", local.Port.ToString(), "-t", "smile/ack/node-ack", "-C", "1", "-W", "5", "-F", "%r %x");
            }

            Assert.Equal(expected, ack.Trim());
        }
    }
}
