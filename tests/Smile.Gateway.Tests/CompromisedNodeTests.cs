using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Mqtt;
using Smile.Node;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Issue 11, High: a node's credentials sit in the flash of a device in a public place. Someone who pulled them
    /// out attacks with that valid login against the shipped broker config (provisioned by nodectl, the gateway a real
    /// process): takes over the gateway's client ids in a loop, publishes on other nodes', the network servers' and the
    /// acknowledgement topics, and subscribes to everyone's data. The gateway must stay connected with its session,
    /// deliver every uplink of the other nodes, and the attacker must get nothing.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class CompromisedNodeTests
    {
        private const string Attacker = "node-attacker";
        private const string LoraEui = "70b3d57ed0000001";
        private const string Sheet = "id,site,transport,board,dev_eui\n"
            + Attacker + ",hafen,wifi,esp32,\nnode-001,hafen,wifi,esp32,\nnode-002,hafen,wifi,esp32,\nlora-001,hafen,lorawan,esp32," + LoraEui + "\n";

        private readonly ITestOutputHelper _output;

        public CompromisedNodeTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_node_login_cannot_take_over_the_gateway_nor_read_or_speak_for_others()
        {
            using ProvisionedPlace place = ProvisionedPlace.Create(Sheet);
            using ShippedBroker broker = place.StartBroker("log_type information\n");
            using Mosquitto upstream = Mosquitto.Start();
            var settings = new Dictionary<string, string>(place.GatewayEnv()) { ["Smile__LocalBroker__Port"] = broker.GatewayPort.ToString() };
            using var gateway = new GatewayProcess(broker.Broker, upstream, settings);
            await gateway.StartReadyAsync();
            await using PlatformSubscriber platform = await PlatformSubscriber.ConnectAsync(upstream);
            await using MqttClient node1 = await ConnectNodeAsync(broker, place.Node("node-001"), place.CaFile);
            await using MqttClient node2 = await ConnectNodeAsync(broker, place.Node("node-002"), place.CaFile);
            Dictionary<string, string> ns = place.ChirpStackEnv();
            await using MqttClient chirpstack = await ConnectAsync(broker.PlainPort, "chirpstack", ns["MQTT_USERNAME"], ns["MQTT_PASSWORD"], cleanSession: false);
            await node1.SubscribeAsync("smile/ack/node-001", QoS.AtLeastOnce);

            var stolen = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource();
            Task<int> attack = AttackAsync(broker, place.Node(Attacker), stolen, stop.Token);
            var sent = new HashSet<(string, int)>();
            for (int seq = 0; seq < 60; seq++)
            {
                await node1.PublishAsync("smile/up/node-001", StandardFrames.Measurement(seq), QoS.AtLeastOnce, false);
                await node2.PublishAsync("smile/up/node-002", StandardFrames.Measurement(seq), QoS.AtLeastOnce, false);
                await chirpstack.PublishAsync(NetworkServerEvents.ChirpStackTopic(LoraEui), NetworkServerEvents.ChirpStackUp(LoraEui, seq, StandardFrames.Measurement(seq), gateways: 1), QoS.AtLeastOnce, false);
                sent.UnionWith(new[] { ("node-001", seq), ("node-002", seq), (LoraEui, seq) });
                await Task.Delay(100);
            }

            stop.Cancel();
            int rounds = await attack;
            Assert.True(await platform.WaitForAsync(p => sent.IsSubsetOf(p.Measured()), TimeSpan.FromSeconds(30)),
                "missing upstream: " + string.Join(", ", sent.Except(platform.Measured()).Take(20)));

            string log = System.IO.File.ReadAllText(broker.Broker.LogFile);
            _output.WriteLine(rounds + " attack rounds; broker log:\n" + string.Join("\n", log.Split('\n').Where(l => l.Contains("smile-gateway") || l.Contains(Attacker)).Take(40)));
            Assert.True(rounds >= 5, "the attack ran " + rounds + " rounds");
            Assert.DoesNotContain(platform.Measured(), m => m.Sequence >= 3000);
            Assert.Empty(stolen);

            // The broker made the attacker's client id its login, so the gateway's two connections were never touched:
            // each connected once and its session was never closed by another client.
            Assert.Contains("as " + Attacker + " ", log);
            Assert.Single(Regex.Matches(log, @"New client connected from \S+ as smile-gateway "));
            Assert.Single(Regex.Matches(log, @"New client connected from \S+ as smile-gateway-pub "));
            Assert.DoesNotContain("Client smile-gateway already connected", log);
            Assert.DoesNotContain("Client smile-gateway-pub already connected", log);

            // The acknowledgements kept flowing: each node gets the one for its last uplink (node-002's retained one is
            // the gateway's, not the attacker's forgery claiming every frame held).
            Assert.True(await WaitAckAsync(node1, 59), "node-001 never got the acknowledgement of its last uplink");
            await node2.SubscribeAsync("smile/ack/node-002", QoS.AtLeastOnce);
            Assert.True(await WaitAckAsync(node2, 59), "node-002 never got the acknowledgement of its last uplink");
        }

        [Fact]
        public async Task The_broker_takes_a_lorawan_event_of_24_gateways_and_drops_a_node_publication_above_16_KiB()
        {
            using ProvisionedPlace place = ProvisionedPlace.Create(Sheet);
            using ShippedBroker broker = place.StartBroker();
            Dictionary<string, string> env = place.GatewayEnv();
            await using MqttClient gateway = await ConnectAsync(broker.GatewayPort, "smile-gateway", env["Smile__LocalBroker__Username"], env["Smile__LocalBroker__Password"], cleanSession: true);
            await gateway.SubscribeAsync("smile/up/#", QoS.AtLeastOnce);
            await gateway.SubscribeAsync("application/#", QoS.AtLeastOnce);
            Dictionary<string, string> ns = place.ChirpStackEnv();
            await using MqttClient chirpstack = await ConnectAsync(broker.PlainPort, "chirpstack", ns["MQTT_USERNAME"], ns["MQTT_PASSWORD"], cleanSession: true);
            await using MqttClient attacker = await ConnectNodeAsync(broker, place.Node(Attacker), place.CaFile);

            byte[] busy = NetworkServerEvents.ChirpStackUp(LoraEui, 1, StandardFrames.Measurement(1), gateways: 24);
            _output.WriteLine("ChirpStack event heard by 24 gateways: " + busy.Length + " bytes; by 1: " + NetworkServerEvents.ChirpStackUp(LoraEui, 1, StandardFrames.Measurement(1), gateways: 1).Length);
            Assert.InRange(busy.Length, 11_000, 16_384);
            await attacker.PublishAsync("smile/up/" + Attacker, new byte[16_385], QoS.AtLeastOnce, false);
            await chirpstack.PublishAsync(NetworkServerEvents.ChirpStackTopic(LoraEui), busy, QoS.AtLeastOnce, false);
            await attacker.PublishAsync("smile/up/" + Attacker, StandardFrames.Measurement(7), QoS.AtLeastOnce, false);

            var received = new List<(string, int)>();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (received.Count < 2)
            {
                MqttMessage message = await gateway.Messages.ReadAsync(wait.Token);
                received.Add((message.Topic, message.Payload.Length));
                await gateway.AckAsync(message);
            }

            Assert.Equal(new[] { (NetworkServerEvents.ChirpStackTopic(LoraEui), busy.Length), ("smile/up/" + Attacker, StandardFrames.Measurement(7).Length) }, received);
        }

        /// <summary>
        /// Attack rounds until stopped: each connects as both gateway client ids with a clean session, subscribes to
        /// everything, forges uplinks of node-001 and of the LoRaWAN node, a TTS event, and a retained acknowledgement
        /// claiming all of node-002's frames held (sequence 4095, boot 1, every bit).
        /// </summary>
        private async Task<int> AttackAsync(ShippedBroker broker, NodeConfig stolen, ConcurrentQueue<string> received, CancellationToken stop)
        {
            int rounds = 0;
            int seq = 3000;
            while (!stop.IsCancellationRequested)
            {
                foreach (string clientId in new[] { "smile-gateway", "smile-gateway-pub" })
                {
                    await using var attacker = new MqttClient(new MqttClientOptions
                    {
                        Port = broker.PlainPort,
                        ClientId = clientId,
                        CleanSession = true,
                        Username = stolen.MqttUsername,
                        Password = stolen.MqttPassword,
                        KeepAliveSeconds = 5,
                    });
                    attacker.Start();
                    if (!await attacker.WaitConnectedAsync(TimeSpan.FromSeconds(5)))
                    {
                        continue;
                    }

                    foreach (string filter in new[] { "smile/up/#", "smile/ack/#", "smile/will/#", "application/#", "v3/#", "#" })
                    {
                        await Try(() => attacker.SubscribeAsync(filter, QoS.AtLeastOnce));
                    }

                    seq++;
                    await Try(() => attacker.PublishAsync("smile/up/node-001", StandardFrames.Measurement(seq), QoS.AtLeastOnce, false));
                    await Try(() => attacker.PublishAsync(NetworkServerEvents.ChirpStackTopic(LoraEui), NetworkServerEvents.ChirpStackUp(LoraEui, seq, StandardFrames.Measurement(seq), gateways: 1), QoS.AtLeastOnce, false));
                    await Try(() => attacker.PublishAsync("v3/app-1@ttn/devices/lora-001/up", Encoding.UTF8.GetBytes("{\"end_device_ids\":{\"device_id\":\"lora-001\"}}"), QoS.AtLeastOnce, false));
                    await Try(() => attacker.PublishAsync("smile/ack/node-002", new byte[] { 0xFF, 0xF1, 0xFF, 0xFF }, QoS.AtLeastOnce, true));
                    while (attacker.Messages.TryRead(out MqttMessage? message))
                    {
                        received.Enqueue(message.Topic);
                    }

                    await Task.Delay(150);
                    while (attacker.Messages.TryRead(out MqttMessage? message))
                    {
                        received.Enqueue(message.Topic);
                    }
                }

                rounds++;
            }

            return rounds;
        }

        private static async Task Try(Func<Task> attempt)
        {
            try
            {
                await attempt().WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or MqttProtocolException)
            {
                // Refused: what the test wants; whatever was not refused shows up in what the others received.
            }
        }

        private static async Task<bool> WaitAckAsync(MqttClient node, int sequence)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (true)
                {
                    MqttMessage ack = await node.Messages.ReadAsync(wait.Token);
                    await node.AckAsync(ack);
                    if (ack.Payload.Length == 4 && (ack.Payload[0] << 4 | ack.Payload[1] >> 4) == sequence)
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>A Wi-Fi node as provisioned: TLS to the node listener, trusting the site CA, its own login.</summary>
        private static async Task<MqttClient> ConnectNodeAsync(ShippedBroker broker, NodeConfig node, string caFile)
        {
            var client = new MqttClient(new MqttClientOptions
            {
                Host = node.MqttHost,
                Port = broker.TlsPort,
                ClientId = node.NodeId,
                CleanSession = true,
                Username = node.MqttUsername,
                Password = node.MqttPassword,
                KeepAliveSeconds = 5,
                Tls = new MqttTlsOptions { CaFile = caFile },
            });
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)), node.NodeId + ": " + client.LastError);
            return client;
        }

        private static async Task<MqttClient> ConnectAsync(int port, string clientId, string user, string password, bool cleanSession)
        {
            var client = new MqttClient(new MqttClientOptions { Port = port, ClientId = clientId, Username = user, Password = password, CleanSession = cleanSession, KeepAliveSeconds = 5 });
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)), user + ": " + client.LastError);
            return client;
        }
    }
}
