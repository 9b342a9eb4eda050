using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// Each socket write is a system call, and on a paravirtualized VM an expensive one: packets queued together must
    /// leave together, in their order, counted by the client's own tally of writes on its connections.
    /// </summary>
    public class WriteCoalescingTests
    {
        [Fact]
        public async Task A_hundred_publishes_queued_before_the_connection_leave_in_a_few_writes_and_in_order()
        {
            using var broker = Mosquitto.Start();
            await using var receiver = await Clients.ConnectedAsync(Clients.Options(broker, "receiver"));
            await receiver.SubscribeAsync("queued/#", QoS.AtLeastOnce);
            MqttClientOptions options = Clients.Options(broker, "queued");
            options.MaxInflight = 100;
            await using var sender = new MqttClient(options);
            var acks = new List<Task>();
            for (int i = 0; i < 100; i++)
            {
                acks.Add(await sender.EnqueuePublishAsync("queued/" + i, new byte[] { (byte)i }, QoS.AtLeastOnce, false));
            }

            sender.Start();
            await Task.WhenAll(acks).WaitAsync(TimeSpan.FromSeconds(20));

            // One write would do; a keep-alive ping or a split by the kernel may add one or two.
            Assert.InRange(sender.SocketWrites, 1, 5);
            List<MqttMessage> got = await Clients.ReceiveAsync(receiver, 100, TimeSpan.FromSeconds(10));
            Assert.Equal(Enumerable.Range(0, 100).Select(i => "queued/" + i), got.Select(m => m.Topic));
        }

        [Fact]
        public async Task The_acknowledgements_of_one_call_leave_in_one_write()
        {
            using var broker = Mosquitto.Start();
            await using var receiver = await Clients.ConnectedAsync(Clients.Options(broker, "acking"));
            await receiver.SubscribeAsync("ack/#", QoS.AtLeastOnce);
            await using var sender = await Clients.ConnectedAsync(Clients.Options(broker, "sending"));
            var sends = new List<Task>();
            for (int i = 0; i < 50; i++)
            {
                sends.Add(await sender.EnqueuePublishAsync("ack/" + i, new byte[] { 1 }, QoS.AtLeastOnce, false));
            }

            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(20));
            List<MqttMessage> got = await Clients.ReceiveAsync(receiver, 50, TimeSpan.FromSeconds(10));
            Assert.Equal(50, got.Count);

            long before = receiver.SocketWrites;
            await receiver.AckAsync(got);
            Assert.Equal(1, receiver.SocketWrites - before);
        }
    }
}
