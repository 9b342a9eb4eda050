using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    public class ConcurrencyTests
    {
        [Fact]
        public async Task Publishing_while_a_flood_arrives_unacknowledged_still_completes()
        {
            using var broker = Mosquitto.Start();
            await using var receiver = await Clients.ConnectedAsync(Clients.Options(broker, "receiver"));
            await receiver.SubscribeAsync("in/#", QoS.AtLeastOnce);
            await using var sender = await Clients.ConnectedAsync(Clients.Options(broker, "sender"));
            var sends = new List<Task>();
            for (int i = 0; i < 1000; i++)
            {
                sends.Add(await sender.EnqueuePublishAsync("in/" + i, new byte[] { 1 }, QoS.AtLeastOnce, false));
            }

            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(500);

            // The receiver has not acknowledged anything, and now publishes a lot itself.
            var own = new List<Task>();
            for (int i = 0; i < 300; i++)
            {
                own.Add(await receiver.EnqueuePublishAsync("out/" + i, new byte[] { 2 }, QoS.AtLeastOnce, true));
            }

            await Task.WhenAll(own).WaitAsync(TimeSpan.FromSeconds(20));
        }

        [Fact]
        public async Task A_full_receive_queue_pushes_back_on_the_broker_and_loses_nothing()
        {
            // The broker may send more than the client's queue holds (up to its max_inflight_messages, 1000 in the
            // shipped policy): the queue bounds memory, and the socket, unread meanwhile, pushes back.
            using var broker = Mosquitto.Start();
            var options = Clients.Options(broker, "slow");
            options.ReceiveQueueCapacity = 10;
            await using var slow = await Clients.ConnectedAsync(options);
            await slow.SubscribeAsync("in/#", QoS.AtLeastOnce);
            await using var sender = await Clients.ConnectedAsync(Clients.Options(broker, "fast"));
            var sends = new List<Task>();
            for (int i = 0; i < 500; i++)
            {
                sends.Add(await sender.EnqueuePublishAsync("in/" + i, new byte[] { 1 }, QoS.AtLeastOnce, false));
            }

            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(7000); // longer than the keep-alive: a blocked reader must not be taken for a dead link
            var got = new List<MqttMessage>();
            while (got.Count < 500)
            {
                var chunk = await Clients.ReceiveAsync(slow, 10, TimeSpan.FromSeconds(5));
                Assert.NotEmpty(chunk);
                await slow.AckAsync(chunk);
                got.AddRange(chunk);
            }

            Assert.Equal(Enumerable.Range(0, 500).Select(i => "in/" + i), got.Select(m => m.Topic));
            Assert.Equal(1, slow.ConnectCount);
        }
    }
}
