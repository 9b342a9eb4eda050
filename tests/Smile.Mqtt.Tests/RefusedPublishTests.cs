using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// Platform brokers (AWS IoT Core, EMQX, HiveMQ) close the connection on a publish the client may not make. The
    /// client resends it first after every reconnect: the back-off must grow instead of restarting with each session,
    /// and an application that asks for it gets the message back as refused after a few tries.
    /// </summary>
    public class RefusedPublishTests
    {
        private static byte[]? ClosesOnRefused(ClientPacket packet) =>
            packet.Type == 3 && packet.Topic.StartsWith("refused/", StringComparison.Ordinal) ? null : ScriptedBroker.Usual(packet);

        private static MqttClientOptions Options(ScriptedBroker broker) => new MqttClientOptions
        {
            Port = broker.Port,
            ClientId = "platform",
            KeepAliveSeconds = 30,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
        };

        [Fact]
        public async Task A_broker_closing_on_a_refused_publish_gets_backed_off_reconnects_not_a_storm()
        {
            using var broker = new ScriptedBroker(ClosesOnRefused);
            await using var client = new MqttClient(Options(broker));
            client.Start();
            _ = await client.EnqueuePublishAsync("refused/x", new byte[] { 1 }, QoS.AtLeastOnce, false);

            await Task.Delay(TimeSpan.FromSeconds(4));

            // Growing delays (50 ms doubling up to 5 s, full jitter) allow about 7 attempts in 4 s; a back-off reset on
            // every session restore made it one every 0 to 50 ms, hundreds.
            Assert.InRange(broker.Connections, 2, 15);
        }

        [Fact]
        public async Task A_connection_that_got_a_puback_still_resets_the_backoff()
        {
            // Each connection takes one message and drops: progress every time, so reconnecting quickly is right.
            using var broker = new ScriptedBroker(closeAfter: packet => packet.Type == 3);
            await using var client = new MqttClient(Options(broker));
            client.Start();
            var sends = new List<Task>();
            for (int i = 0; i < 20; i++)
            {
                sends.Add(await client.EnqueuePublishAsync("ok/" + i, new byte[] { 1 }, QoS.AtLeastOnce, false));
            }

            // Without the reset, 20 connections would take the growing delays up to 5 s each: over a minute.
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.InRange(broker.Connections, 20, 25);
        }

        [Fact]
        public async Task A_publish_refused_MaxDeliveryAttempts_times_fails_as_refused_and_the_rest_flows()
        {
            using var broker = new ScriptedBroker(ClosesOnRefused);
            MqttClientOptions options = Options(broker);
            options.MaxDeliveryAttempts = 3;
            options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
            await using var client = new MqttClient(options);
            client.Start();
            Task refused = await client.EnqueuePublishAsync("refused/x", new byte[] { 1 }, QoS.AtLeastOnce, false);
            Task accepted = await client.EnqueuePublishAsync("ok/y", new byte[] { 2 }, QoS.AtLeastOnce, false);

            var e = await Assert.ThrowsAsync<MqttPublishRefusedException>(() => refused.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal("refused/x", e.Topic);
            Assert.Equal(3, e.Attempts);
            await accepted.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, client.PendingPublishes);
            Assert.Equal(1, client.RefusedPublishes);
            Assert.Equal(4, broker.Connections);
        }
    }
}
