using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.City;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>
    /// Node ids may contain '.', nats-server refuses it in a topic ("characters ' ' and '.' not supported for MQTT
    /// topics") by closing the whole connection. Sent anyway, such a message is resent first after every reconnect
    /// and holds up every message behind it until the client gives it up; with the platform's refused characters
    /// configured (Upstream:UnsupportedTopicCharacters) it never goes out and nothing waits.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class DottedTopicTests
    {
        private const string Dotted = "smile/v1/hafen/node.7/measurement";
        private readonly ITestOutputHelper _output;

        public DottedTopicTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Sent_to_nats_server_a_dotted_topic_costs_reconnects_and_holds_up_the_rest_until_given_up()
        {
            using var nats = NatsCluster.Start(1);
            await using var client = new MqttClient(Options(nats, ""));
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)), client.LastError);
            var clock = Stopwatch.StartNew();
            Task dotted = await client.EnqueuePublishAsync(Dotted, new byte[] { 1 }, QoS.AtLeastOnce, false);
            List<Task> rest = await PublishGoodAsync(client);

            await Assert.ThrowsAsync<MqttPublishRefusedException>(() => dotted.WaitAsync(TimeSpan.FromSeconds(60)));
            await Task.WhenAll(rest).WaitAsync(TimeSpan.FromSeconds(30));
            _output.WriteLine("dotted topic given up after " + clock.Elapsed.TotalSeconds.ToString("F1") + " s and " + client.ConnectCount + " connections; the 50 behind it waited that long");
            Assert.True(client.ConnectCount >= 5, "connections: " + client.ConnectCount);
        }

        [Fact]
        public async Task With_the_refused_characters_configured_it_fails_at_once_and_the_rest_flows_on_one_connection()
        {
            using var nats = NatsCluster.Start(1);
            await using var client = new MqttClient(Options(nats, " ."));
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)), client.LastError);

            await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueuePublishAsync(Dotted, new byte[] { 1 }, QoS.AtLeastOnce, false));
            await Task.WhenAll(await PublishGoodAsync(client)).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1, client.ConnectCount);
        }

        private static MqttClientOptions Options(NatsCluster nats, string unsupported) => new MqttClientOptions
        {
            Port = nats.Members[0].MqttPort,
            ClientId = "gw-dotted",
            KeepAliveSeconds = 5,
            MaxDeliveryAttempts = 5,
            UnsupportedTopicCharacters = unsupported,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(30),
        };

        private static async Task<List<Task>> PublishGoodAsync(MqttClient client)
        {
            var acks = new List<Task>();
            for (int i = 0; i < 50; i++)
            {
                acks.Add(await client.EnqueuePublishAsync("smile/v1/hafen/node-" + i + "/measurement", new byte[] { 2 }, QoS.AtLeastOnce, false));
            }

            return acks;
        }
    }
}
