using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>The client against a real mosquitto 2.0: publish, subscribe, persistent sessions, restarts, limits.</summary>
    public class BrokerTests
    {
        [Fact]
        public async Task Publishes_and_receives_at_qos_0_and_1()
        {
            using var broker = Mosquitto.Start();
            await using var client = await Clients.ConnectedAsync(Clients.Options(broker, "roundtrip"));
            await client.SubscribeAsync("t/#", QoS.AtLeastOnce);

            await client.PublishAsync("t/one", Encoding.UTF8.GetBytes("q1"), QoS.AtLeastOnce, false);
            await client.PublishAsync("t/zero", Encoding.UTF8.GetBytes("q0"), QoS.AtMostOnce, false);
            var got = await Clients.ReceiveAsync(client, 2, TimeSpan.FromSeconds(5));

            Assert.Equal(new[] { "q1", "q0" }, got.Select(Clients.Text));
            Assert.Equal(QoS.AtLeastOnce, got[0].QoS);
            await client.AckAsync(got);
        }

        [Fact]
        public async Task Unacknowledged_messages_come_again_after_the_client_dies_and_queued_ones_too()
        {
            using var broker = Mosquitto.Start();
            var first = await Clients.ConnectedAsync(Clients.Options(broker, "gateway"));
            await first.SubscribeAsync("up/#", QoS.AtLeastOnce);
            for (int i = 0; i < 5; i++)
            {
                Clients.Pub(broker, "up/n", "m" + i);
            }

            var seen = await Clients.ReceiveAsync(first, 5, TimeSpan.FromSeconds(5));
            Assert.Equal(5, seen.Count);
            await first.AckAsync(seen.Take(2).ToList());
            await Task.Delay(200);
            await first.AbortAsync();

            Clients.Pub(broker, "up/n", "while-away");
            await using var second = await Clients.ConnectedAsync(Clients.Options(broker, "gateway"));
            var again = await Clients.ReceiveAsync(second, 4, TimeSpan.FromSeconds(5));

            Assert.Equal(new[] { "m2", "m3", "m4", "while-away" }, again.Select(Clients.Text));
            Assert.True(again[0].Duplicate, "redelivered messages carry DUP");
        }

        [Fact]
        public async Task Survives_a_broker_restart_and_resends_what_was_not_acknowledged()
        {
            using var broker = Mosquitto.Start();
            await using var client = await Clients.ConnectedAsync(Clients.Options(broker, "restart"));
            await client.SubscribeAsync("r/#", QoS.AtLeastOnce);
            await client.PublishAsync("r/before", new byte[] { 1 }, QoS.AtLeastOnce, false);
            await client.AckAsync(await Clients.ReceiveAsync(client, 1, TimeSpan.FromSeconds(5)));

            broker.Kill();
            Task publish = client.PublishAsync("r/during", new byte[] { 2 }, QoS.AtLeastOnce, false);
            await Task.Delay(300);
            Assert.False(publish.IsCompleted, "no PUBACK can come while the broker is down");
            broker.Restart();

            await publish.WaitAsync(TimeSpan.FromSeconds(15));
            var after = await Clients.ReceiveAsync(client, 1, TimeSpan.FromSeconds(5));
            Assert.Equal("r/during", Assert.Single(after).Topic);
            Assert.True(client.ConnectCount >= 2);
        }

        [Fact]
        public async Task Wrong_password_is_refused_with_a_clear_reason_and_retried()
        {
            using var broker = Mosquitto.Start("listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {dir}/passwd\n", listenerIncluded: true,
                prepare: b => Passwords.Write(b, "gateway", "right"));
            var options = Clients.Options(broker, "auth");
            options.Username = "gateway";
            options.Password = "wrong";

            await using var client = new MqttClient(options);
            client.Start();
            Assert.False(await client.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
            await Clients.AssertLastErrorAsync(() => client.LastError, "not authorized (5)");

            // A client of its own: the refused one keeps retrying with its options, and had it been handed the right
            // password it would reconnect under the same client id and take the session over (a race, not a test).
            var right = Clients.Options(broker, "auth-right");
            right.Username = "gateway";
            right.Password = "right";
            await using var good = await Clients.ConnectedAsync(right);
            Assert.True(good.IsConnected);
            Assert.False(client.IsConnected);
        }

        [Fact]
        public async Task Oversize_messages_are_reported_not_kept_and_still_acknowledged()
        {
            using var broker = Mosquitto.Start();
            var options = Clients.Options(broker, "small");
            options.MaxIncomingPacketSize = 1024;
            await using var client = await Clients.ConnectedAsync(options);
            await client.SubscribeAsync("big/#", QoS.AtLeastOnce);

            Clients.Pub(broker, "big/one", new string('x', 5000));
            Clients.Pub(broker, "big/two", "small");
            var got = await Clients.ReceiveAsync(client, 2, TimeSpan.FromSeconds(5));

            Assert.Equal(5000, got[0].OversizeBytes);
            Assert.Empty(got[0].Payload);
            Assert.Equal("small", Clients.Text(got[1]));
            Assert.True(client.IsConnected);

            await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("big/out", new byte[300 * 1024], QoS.AtLeastOnce, false));
        }

        [Fact]
        public async Task Broker_refuses_messages_over_its_size_limit_and_the_connection_lives_on()
        {
            using var broker = Mosquitto.Start("message_size_limit 2048\n");
            await using var client = await Clients.ConnectedAsync(Clients.Options(broker, "limit"));
            await client.SubscribeAsync("lim/#", QoS.AtLeastOnce);

            Clients.Pub(broker, "lim/big", new string('y', 4096));
            await client.PublishAsync("lim/ok", new byte[] { 7 }, QoS.AtLeastOnce, false);
            var got = await Clients.ReceiveAsync(client, 2, TimeSpan.FromSeconds(3));

            Assert.Equal("lim/ok", Assert.Single(got).Topic);
        }

        [Fact]
        public async Task A_subscription_granted_below_the_requested_qos_is_an_error_and_not_kept()
        {
            // mosquitto's max_qos grants an MQTT 3.1.1 client QoS 0 for a QoS 1 request: its messages would then be
            // neither acknowledged after our commit nor queued while we are away.
            using var broker = Mosquitto.Start("max_qos 0\n");
            await using var client = await Clients.ConnectedAsync(Clients.Options(broker, "downgraded"));

            var e = await Assert.ThrowsAsync<MqttSubscribeException>(() => client.SubscribeAsync("data/#", QoS.AtLeastOnce));
            Assert.Contains("granted QoS 0", e.Message);
            Assert.Equal("data/#", e.Filter);
            await client.SubscribeAsync("best-effort/#", QoS.AtMostOnce);
            Assert.True(client.IsConnected);
        }

        [Fact]
        public async Task A_subscription_granted_below_the_requested_qos_on_reconnect_fails_that_connection()
        {
            using var broker = Mosquitto.Start("max_qos 0\n");
            await using var client = new MqttClient(Clients.Options(broker, "downgraded-later"));
            await client.SubscribeAsync("data/#", QoS.AtLeastOnce);
            client.Start();

            Assert.False(await client.WaitConnectedAsync(TimeSpan.FromSeconds(2)));
            await Clients.AssertLastErrorAsync(() => client.LastError, "granted QoS 0");
        }

        [Fact]
        public async Task Will_is_published_when_the_client_dies_but_not_on_a_clean_stop()
        {
            using var broker = Mosquitto.Start();
            await using var watcher = await Clients.ConnectedAsync(Clients.Options(broker, "watcher"));
            await watcher.SubscribeAsync("status/#", QoS.AtLeastOnce);

            var options = Clients.Options(broker, "mortal");
            options.Will = new MqttWill("status/mortal", Encoding.UTF8.GetBytes("offline"), QoS.AtLeastOnce, false);
            var clean = await Clients.ConnectedAsync(options);
            await clean.StopAsync();
            Assert.Empty(await Clients.ReceiveAsync(watcher, 1, TimeSpan.FromSeconds(1)));

            var dying = await Clients.ConnectedAsync(options);
            await dying.AbortAsync();
            var will = await Clients.ReceiveAsync(watcher, 1, TimeSpan.FromSeconds(5));
            Assert.Equal("offline", Clients.Text(Assert.Single(will)));
        }

        [Fact]
        public async Task In_flight_window_bounds_unacknowledged_publishes()
        {
            using var broker = Mosquitto.Start();
            var options = Clients.Options(broker, "window");
            options.MaxInflight = 4;
            await using var client = await Clients.ConnectedAsync(options);

            broker.Kill();
            var sends = Enumerable.Range(0, 6).Select(i => client.PublishAsync("w/" + i, new byte[] { (byte)i }, QoS.AtLeastOnce, false)).ToList();
            await Task.Delay(300);
            Assert.Equal(4, client.PendingPublishes);

            broker.Restart();
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, client.PendingPublishes);
        }
    }
}
