using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A client given the members of a cluster leaves a member that dropped it or cannot be reached for the next one,
    /// with the same client id, and resends there, marked DUP, what the lost member never acknowledged.
    /// </summary>
    public class FailoverTests
    {
        private static MqttClientOptions Options(params ScriptedBroker[] members)
        {
            var options = new MqttClientOptions
            {
                ClientId = "gateway",
                KeepAliveSeconds = 30,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
                ConnectTimeout = TimeSpan.FromSeconds(3),
            };
            foreach (ScriptedBroker member in members)
            {
                options.Members.Add(new MqttEndpoint("127.0.0.1", member.Port));
            }

            return options;
        }

        [Fact]
        public async Task A_publish_the_lost_member_never_acknowledged_is_resent_with_DUP_to_the_next()
        {
            // The first member takes the publish and dies without a PUBACK (null closes the connection), every time.
            using var dying = new ScriptedBroker(packet => packet.Type == 3 ? null : ScriptedBroker.Usual(packet));
            var seenByNext = new ConcurrentQueue<ClientPacket>();
            using var next = new ScriptedBroker(packet =>
            {
                if (packet.Type == 3)
                {
                    seenByNext.Enqueue(packet);
                }

                return ScriptedBroker.Usual(packet);
            });
            await using var client = new MqttClient(Options(dying, next));
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(dying.Port, client.Broker.Port);

            Task acked = await client.EnqueuePublishAsync("smile/v1/hafen/n1/measurement", new byte[] { 1 }, QoS.AtLeastOnce, false);

            await acked.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(next.Port, client.Broker.Port);
            ClientPacket resent = Assert.Single(seenByNext);
            Assert.Equal(0x08, resent.First & 0x08);
            Assert.Equal(1, next.Connections);
        }

        [Fact]
        public async Task With_one_member_the_unacknowledged_publish_stays_unacknowledged()
        {
            // The counter-test: without a second member the client can only go back to the one that drops it.
            using var dying = new ScriptedBroker(packet => packet.Type == 3 ? null : ScriptedBroker.Usual(packet));
            await using var client = new MqttClient(Options(dying));
            client.Start();
            Task acked = await client.EnqueuePublishAsync("smile/v1/hafen/n1/measurement", new byte[] { 1 }, QoS.AtLeastOnce, false);

            await Assert.ThrowsAsync<TimeoutException>(() => acked.WaitAsync(TimeSpan.FromSeconds(2)));
            await dying.WaitForAsync(b => b.Connections >= 2, TimeSpan.FromSeconds(10)); // it went back at least once: on a slow host, maybe after the 2 s
            Assert.InRange(dying.Connections, 2, 100);
            Assert.False(acked.IsCompleted, "acknowledged by a broker that never acknowledges");
        }

        [Fact]
        public async Task A_member_that_cannot_be_reached_is_skipped()
        {
            int deadPort;
            using (var gone = new ScriptedBroker())
            {
                deadPort = gone.Port;
            }

            using var alive = new ScriptedBroker();
            MqttClientOptions options = Options(alive);
            options.Members.Insert(0, new MqttEndpoint("127.0.0.1", deadPort));
            await using var client = new MqttClient(options);
            client.Start();

            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)), client.LastError);
            Assert.Equal(alive.Port, client.Broker.Port);
            await client.PublishAsync("smile/v1/hafen/n1/measurement", new byte[] { 1 }, QoS.AtLeastOnce, false).WaitAsync(TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task A_topic_with_a_character_the_broker_refuses_fails_at_once_and_the_rest_flows()
        {
            using var broker = new ScriptedBroker();
            MqttClientOptions options = Options(broker);
            options.UnsupportedTopicCharacters = " .";
            await using var client = new MqttClient(options);
            client.Start();

            var e = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueuePublishAsync("smile/v1/hafen/node.7/measurement", new byte[] { 1 }, QoS.AtLeastOnce, false));
            Assert.Contains("node.7", e.Message);
            await client.PublishAsync("smile/v1/hafen/node-7/measurement", new byte[] { 1 }, QoS.AtLeastOnce, false).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, client.PendingPublishes);
        }

        [Theory]
        [InlineData("nats-1.city.example:1883", "nats-1.city.example", 1883)]
        [InlineData("10.0.0.7", "10.0.0.7", 8883)]
        [InlineData("[fd00::7]:1884", "fd00::7", 1884)]
        [InlineData(" 10.0.0.8:1885 ", "10.0.0.8", 1885)]
        public void A_member_is_host_and_port(string text, string host, int port)
        {
            MqttEndpoint? member = MqttEndpoint.TryParse(text, 8883, out string? problem);
            Assert.Null(problem);
            Assert.Equal(host, member!.Host);
            Assert.Equal(port, member.Port);
        }

        [Theory]
        [InlineData("")]
        [InlineData(":1883")]
        [InlineData("host:port")]
        [InlineData("host:70000")]
        [InlineData("mqtt://host:1883")]
        [InlineData("fd00::7:1883")]
        public void Anything_else_is_refused_with_the_text(string text)
        {
            Assert.Null(MqttEndpoint.TryParse(text, 8883, out string? problem));
            Assert.Contains("'" + text + "'", problem);
        }
    }
}
