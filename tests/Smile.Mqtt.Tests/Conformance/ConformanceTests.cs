using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.MqttClients;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Mqtt.Tests.Conformance
{
    /// <summary>
    /// The promises the gateway relies on, asked of the gateway's client and of MQTTnet 5.2.0 alike, against a real
    /// mosquitto (docs/performance-mqtt-client.md, "Conformance"). Where the two differ, the test states what each does.
    /// </summary>
    public class ConformanceTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
        private readonly ITestOutputHelper _output;

        public ConformanceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(ClientKind.Smile)]
        [InlineData(ClientKind.MqttNet)]
        public async Task Unacknowledged_messages_come_again_with_dup_after_a_crash_and_acknowledged_ones_do_not(ClientKind kind)
        {
            using var broker = Mosquitto.Start();
            await using var feeder = await FramePublisher.ConnectAsync(broker, "feeder");
            ITestClient first = await StartedAsync(kind, broker.Port, "redelivery");
            await first.SubscribeAsync("a/#");
            for (int i = 0; i < 5; i++)
            {
                await feeder.PublishRawAsync("a/n", Encoding.UTF8.GetBytes("m" + i));
            }

            List<Received> seen = await ReceiveAsync(first, 5);
            Assert.Equal(5, seen.Count);
            Assert.DoesNotContain(seen, m => m.Duplicate);
            await first.AckAsync(seen.Take(2).ToList());
            await Task.Delay(300); // the PUBACKs reach the broker before the crash
            await first.AbortAsync();

            await using ITestClient second = await StartedAsync(kind, broker.Port, "redelivery");
            List<Received> again = await ReceiveAsync(second, 4, TimeSpan.FromSeconds(3));

            Assert.Equal(new[] { "m2", "m3", "m4" }, again.Select(Text));
            Assert.All(again, m => Assert.True(m.Duplicate, "a redelivered message carries DUP"));
        }

        [Theory]
        [InlineData(ClientKind.Smile)]
        [InlineData(ClientKind.MqttNet)]
        public async Task Messages_queued_while_away_arrive_after_reconnecting_to_the_persistent_session(ClientKind kind)
        {
            using var broker = Mosquitto.Start();
            await using var feeder = await FramePublisher.ConnectAsync(broker, "feeder");
            await using (ITestClient away = await StartedAsync(kind, broker.Port, "queued"))
            {
                await away.SubscribeAsync("d/#");
            }

            for (int i = 0; i < 3; i++)
            {
                await feeder.PublishRawAsync("d/n", Encoding.UTF8.GetBytes("q" + i));
            }

            await using ITestClient back = await StartedAsync(kind, broker.Port, "queued");
            List<Received> got = await ReceiveAsync(back, 3);

            Assert.Equal(new[] { "q0", "q1", "q2" }, got.Select(Text));
            Assert.DoesNotContain(got, m => m.Duplicate);
            await back.AckAsync(got);
        }

        /// <summary>
        /// MQTT 3.1.1 §4.6 wants PUBACKs in the order the PUBLISHes came. Neither client reorders: each sends a PUBACK
        /// when the application acknowledges, in the order it does. The gateway keeps the rule by acknowledging each
        /// committed batch whole, in the order received (Pipeline/IngestService.cs); the second batch here shows it.
        /// </summary>
        [Theory]
        [InlineData(ClientKind.Smile)]
        [InlineData(ClientKind.MqttNet)]
        public async Task Pubacks_go_out_in_the_order_the_application_acknowledges(ClientKind kind)
        {
            using var broker = Mosquitto.Start();
            using var proxy = new RecordingProxy(broker.Port);
            await using var feeder = await FramePublisher.ConnectAsync(broker, "feeder");
            await using ITestClient client = await StartedAsync(kind, proxy.Port, "order");
            await client.SubscribeAsync("b/#");
            for (int i = 0; i < 6; i++)
            {
                await feeder.PublishRawAsync("b/" + i, new byte[] { (byte)i });
            }

            List<Received> got = await ReceiveAsync(client, 6);
            await client.AckAsync(new[] { got[2] });
            await client.AckAsync(new[] { got[0], got[1] });
            await client.AckAsync(got.Skip(3).ToList());
            await Until(() => proxy.Sent(4).Count >= 6);

            ushort[] delivered = proxy.Delivered("b/").Select(p => p.PacketId).ToArray();
            Assert.Equal(6, delivered.Length);
            Assert.Equal(new[] { delivered[2], delivered[0], delivered[1], delivered[3], delivered[4], delivered[5] },
                proxy.Sent(4).Select(p => p.PacketId));
        }

        /// <summary>
        /// The application stops consuming while a burst arrives. The gateway's client holds ReceiveQueueCapacity
        /// messages and then stops reading the socket, so the burst waits in the broker. MQTTnet's packet receiver keeps
        /// reading into an unbounded queue whatever the handler does: at QoS 0 (ChirpStack's default, and all that The
        /// Things Stack sends) the whole burst ends up in the gateway's memory; at QoS 1, acknowledged only after the
        /// commit, the broker stops at max_inflight_messages unacknowledged (1000 in the shipped policy).
        /// </summary>
        [Theory]
        [InlineData(ClientKind.Smile, QoS.AtMostOnce)]
        [InlineData(ClientKind.MqttNet, QoS.AtMostOnce)]
        [InlineData(ClientKind.Smile, QoS.AtLeastOnce)]
        [InlineData(ClientKind.MqttNet, QoS.AtLeastOnce)]
        public async Task A_client_whose_application_stops_consuming_stops_reading_or_buffers_what_the_broker_sends(ClientKind kind, QoS qos)
        {
            const int Count = 16_000;
            const int BrokerInflight = 1000; // gateway/deploy/mosquitto/policy.conf
            using var broker = Mosquitto.Start();
            using var proxy = new RecordingProxy(broker.Port);
            await using var feeder = await FramePublisher.ConnectAsync(broker, "feeder");
            await using ITestClient client = await StartedAsync(kind, proxy.Port, "slow", receiveCapacity: 16);
            await client.SubscribeAsync("c/#");

            await feeder.StreamAsync(Enumerable.Range(0, Count).Select(i => new PreparedPublish("c/n", new byte[2048], qos)).ToList());
            // Type, remaining length, topic, packet id at QoS 1, payload.
            long packet = 1 + 2 + 2 + "c/n".Length + (qos == QoS.AtLeastOnce ? 2 : 0) + 2048;
            long total = Count * packet;
            await UntilSteady(() => proxy.PublishBytesToClient, total);
            _output.WriteLine(kind + " at " + qos + " took " + proxy.PublishBytesToClient + " of " + total + " bytes while its application consumed nothing");

            if (kind == ClientKind.Smile)
            {
                Assert.True(proxy.PublishBytesToClient < total / 4, "stopped reading after its queue filled: " + proxy.PublishBytesToClient + " of " + total + " bytes taken");
            }
            else if (qos == QoS.AtMostOnce)
            {
                Assert.True(proxy.PublishBytesToClient == total, "read the whole burst into its unbounded queue: " + proxy.PublishBytesToClient + " of " + total + " bytes taken");
            }
            else
            {
                Assert.Equal(BrokerInflight * packet, proxy.PublishBytesToClient);
            }

            // Either way nothing was lost: the held-back burst comes once the application consumes (and acknowledges) again.
            int received = 0;
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (received < Count)
            {
                var batch = new List<Received> { await client.ReceiveAsync(cancel.Token) };
                while (batch.Count < 100 && client.TryReceive(out Received next))
                {
                    batch.Add(next);
                }

                received += batch.Count;
                await client.AckAsync(batch);
            }

            Assert.Equal(total, proxy.PublishBytesToClient);
        }

        /// <summary>
        /// A QoS 1 publish completes only on its PUBACK and is sent again with DUP when the broker comes back. The
        /// gateway's client resends it itself, under its original packet id as MQTT 3.1.1 §4.4 asks; MQTTnet fails the
        /// publish when the connection drops (see <see cref="MqttNetLibraryTests"/>), so here the adapter publishes it
        /// again with Dup set, and MQTTnet numbers it afresh (it restarts its packet ids at every connection).
        /// </summary>
        [Theory]
        [InlineData(ClientKind.Smile)]
        [InlineData(ClientKind.MqttNet)]
        public async Task A_publish_completes_only_on_puback_and_is_resent_with_dup_after_the_broker_is_killed(ClientKind kind)
        {
            using var broker = Mosquitto.Start();
            using var proxy = new RecordingProxy(broker.Port);
            await using ITestClient client = await StartedAsync(kind, proxy.Port, "resend");

            proxy.WithholdPubAcks = true;
            Task acknowledged = await client.PublishAsync("e/x", new byte[] { 1 });
            await Until(() => proxy.Sent(3, "e/x").Count == 1);
            await Task.Delay(300);
            Assert.False(acknowledged.IsCompleted, "no PUBACK reached the client");

            broker.Kill();
            proxy.WithholdPubAcks = false;
            broker.StartAgain();
            await acknowledged.WaitAsync(TimeSpan.FromSeconds(20));

            List<SeenPacket> sends = proxy.Sent(3, "e/x");
            _output.WriteLine(kind + " sent: " + string.Join(", ", sends.Select(p => "id " + p.PacketId + (p.Dup ? " DUP" : ""))));
            Assert.True(sends.Count >= 2, "sent again after the restart");
            Assert.False(sends[0].Dup);
            Assert.All(sends.Skip(1), p => Assert.True(p.Dup, "a resend carries DUP"));
            if (kind == ClientKind.Smile)
            {
                Assert.All(sends, p => Assert.Equal(sends[0].PacketId, p.PacketId));
            }
        }

        [Theory]
        [InlineData(ClientKind.Smile)]
        [InlineData(ClientKind.MqttNet)]
        public async Task Tls_connects_with_the_configured_ca_and_refuses_a_wrong_name(ClientKind kind)
        {
            using var broker = Mosquitto.Start(
                "listener {port} 127.0.0.1\nallow_anonymous true\ncafile {dir}/ca.crt\ncertfile {dir}/server.crt\nkeyfile {dir}/server.key\n",
                listenerIncluded: true, prepare: b => Certificates.Make(b.Folder));
            string ca = Path.Combine(broker.Folder, "ca.crt");

            await using (ITestClient wrongName = TestClients.Create(kind, Settings(broker.Port, "tls-wrong", ca, "not-the-broker.example")))
            {
                Assert.False(await wrongName.StartAsync(TimeSpan.FromSeconds(2)));
                await Clients.AssertLastErrorAsync(() => wrongName.LastError, "remote certificate", StringComparison.OrdinalIgnoreCase);
            }

            await using ITestClient client = TestClients.Create(kind, Settings(broker.Port, "tls", ca, null));
            Assert.True(await client.StartAsync(Wait), client.LastError);
            await client.SubscribeAsync("tls/#");
            await await client.PublishAsync("tls/x", new byte[] { 1 });
            Assert.Equal("tls/x", Assert.Single(await ReceiveAsync(client, 1)).Topic);
        }

        private static ClientSettings Settings(int port, string clientId, string? ca = null, string? serverName = null, int receiveCapacity = 1024) => new ClientSettings
        {
            Host = ca == null ? "127.0.0.1" : "localhost",
            Port = port,
            ClientId = clientId,
            CaFile = ca,
            ServerName = serverName,
            ReceiveCapacity = receiveCapacity,
        };

        private static async Task<ITestClient> StartedAsync(ClientKind kind, int port, string clientId, int receiveCapacity = 1024)
        {
            ITestClient client = TestClients.Create(kind, Settings(port, clientId, receiveCapacity: receiveCapacity));
            if (!await client.StartAsync(Wait))
            {
                throw new TimeoutException("not connected: " + client.LastError);
            }

            return client;
        }

        /// <summary>Reads messages until count arrived or the timeout passed; the caller asserts on what came.</summary>
        private static async Task<List<Received>> ReceiveAsync(ITestClient client, int count, TimeSpan? timeout = null)
        {
            var messages = new List<Received>();
            using var cancel = new CancellationTokenSource(timeout ?? Wait);
            try
            {
                while (messages.Count < count)
                {
                    messages.Add(await client.ReceiveAsync(cancel.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }

            return messages;
        }

        private static async Task Until(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (!condition() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        /// <summary>
        /// Waits until the value reaches the target or has not moved for ten looks 100 ms apart. Counted in looks, not
        /// in time since the last change: a stall of the whole test process (the proxy froze with it) is one look.
        /// </summary>
        private static async Task UntilSteady(Func<long> value, long target)
        {
            long last = -1;
            int unchanged = 0;
            while (value() < target && unchanged < 10)
            {
                await Task.Delay(100);
                long now = value();
                unchanged = now == last ? unchanged + 1 : 0;
                last = now;
            }
        }

        private static string Text(Received message) => Encoding.UTF8.GetString(message.Payload);
    }
}
