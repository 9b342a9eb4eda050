using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A connection that only publishes never reads <see cref="MqttClient.Messages"/>. Messages the broker sends it
    /// anyway (here: a subscription an earlier run left in its persistent session) must not fill that queue and stop
    /// the reading of PUBACKs.
    /// </summary>
    public class PublishOnlyTests
    {
        [Fact]
        public async Task A_publish_only_connection_acknowledges_and_drops_unwanted_messages_and_still_gets_its_pubacks()
        {
            // No in-flight limit towards the client, so more than its 1,024-message queue arrives at once.
            using var broker = Mosquitto.Start("max_inflight_messages 0\n");
            MqttClient earlier = await Clients.ConnectedAsync(Clients.Options(broker, "publisher"));
            await earlier.SubscribeAsync("flood/#", QoS.AtLeastOnce);
            await earlier.StopAsync();
            await using (MqttClient flooder = await Clients.ConnectedAsync(Clients.Options(broker, "flooder")))
            {
                var sends = new List<Task>();
                for (int i = 0; i < 1200; i++)
                {
                    sends.Add(await flooder.EnqueuePublishAsync("flood/" + i, new byte[] { 1 }, QoS.AtLeastOnce, false));
                }

                await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
            }

            MqttClientOptions options = Clients.Options(broker, "publisher");
            options.PublishOnly = true;
            var log = new RecordingLogger();
            await using var client = new MqttClient(options, log);
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)));

            await client.PublishAsync("own/1", new byte[] { 2 }, QoS.AtLeastOnce, false).WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(7000); // longer than the keep-alive: the connection lives on and drains the rest
            await client.PublishAsync("own/2", new byte[] { 3 }, QoS.AtLeastOnce, false).WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(1200, client.DiscardedMessages);
            Assert.Equal(1, client.ConnectCount);
            Assert.False(client.Messages.TryRead(out _));
            Assert.Single(log.AtLeast(LogLevel.Warning), w => w.Contains("only publishes", StringComparison.Ordinal));
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync("any/#", QoS.AtLeastOnce));
        }
    }
}
