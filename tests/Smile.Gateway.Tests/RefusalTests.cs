using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>A platform broker that closes the connection on a message it refuses (AWS IoT Core, EMQX, HiveMQ can).</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class RefusalTests
    {
        [Fact]
        public async Task A_row_the_platform_refuses_by_disconnecting_is_parked_as_a_dead_letter_and_the_others_flow()
        {
            using var platform = ScriptedBroker.Refusing(topic => topic.Contains("/node-refused/"));
            using var local = TestBrokers.Local();
            using var gateway = new GatewayProcess(local, local, new Dictionary<string, string> { ["Smile__Upstream__Port"] = platform.Port.ToString() });
            await gateway.StartReadyAsync();
            await using var publisher = await FramePublisher.ConnectAsync(local);

            var acks = new List<Task>();
            for (int i = 0; i < 20; i++)
            {
                acks.Add(await publisher.SendAsync("node-a", false));
            }

            acks.Add(await publisher.SendAsync("node-refused", false));
            for (int i = 0; i < 20; i++)
            {
                acks.Add(await publisher.SendAsync("node-b", false));
                acks.Add(await publisher.SendAsync("node-a", false));
            }

            await Task.WhenAll(acks);
            bool delivered = await platform.WaitForAsync(p => Measurements(p, "node-a") == 40 && Measurements(p, "node-b") == 20 && DeadLetters(p).Any(),
                TimeSpan.FromSeconds(60));
            Assert.True(delivered, "node-a " + Measurements(platform, "node-a") + " of 40, node-b " + Measurements(platform, "node-b")
                + " of 20, dead letters " + DeadLetters(platform).Count() + ", connections " + platform.Connections + "; " + gateway.Log());

            var deadLetter = DeadLetters(platform).Single();
            Assert.Equal("refused_by_platform", (string?)deadLetter["reason"]);
            Assert.Contains("AWS IoT", (string?)deadLetter["detail"]);

            // The client gives the publish up after Brokers.UpstreamDeliveryAttempts closes before the connection proved
            // healthy (one more if a close came after a PUBACK had proved it): then no more.
            int refusals = platform.Refusals;
            Assert.InRange(refusals, Brokers.UpstreamDeliveryAttempts, Brokers.UpstreamDeliveryAttempts + 1);
            await Task.Delay(2000);
            Assert.Equal(refusals, platform.Refusals);
            Assert.False(gateway.HasExited);
            var status = await gateway.StatusAsync();
            Assert.Equal(1, GatewayProcess.Counter(status, "unforwardable"));
            Assert.Equal(0, (long)status["buffer_rows"]!);
        }

        private static int Measurements(ScriptedBroker platform, string node) =>
            platform.Accepted.Count(m => (string?)m.Message?["schema"] == "smile.measurement.v1" && (string?)m.Message?["node_id"] == node);

        private static IEnumerable<System.Text.Json.Nodes.JsonObject> DeadLetters(ScriptedBroker platform) =>
            platform.Accepted.Where(m => (string?)m.Message?["schema"] == "smile.dead-letter.v1" && (string?)m.Message?["node_id"] == "node-refused").Select(m => m.Message!);
    }
}
