using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The gateway reads The Things Stack's own MQTT server (here a second mosquitto on loopback, published to at
    /// QoS 0 as TTS does) and fills what it missed while that connection was down from the Storage Integration
    /// stand-in of <see cref="TtsGapFillTests"/>.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class TtsMqttTests
    {
        private const string ApiKey = TtsGapFillTests.ApiKey;
        private const string MqttKey = "NNSXS.MQTTKEYDONOTLOG.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

        [Fact]
        public async Task Uplinks_come_directly_from_tts_and_a_reconnect_fills_the_gap_from_storage()
        {
            using var storage = new TtsGapFillTests.StorageStandIn();
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();

            // Like TTS's server: nothing kept for a disconnected client.
            using var tts = Mosquitto.Start(shippedPolicy: false);
            Dictionary<string, string> settings = TtsGapFillTests.StorageSettings(storage);
            settings["Smile__Sources__TheThingsStack__Mqtt__Host"] = "127.0.0.1";
            settings["Smile__Sources__TheThingsStack__Mqtt__Port"] = tts.Port.ToString();
            settings["Smile__Sources__TheThingsStack__Mqtt__Tls__Enabled"] = "false";
            settings["SMILE_TTS_MQTT_PASSWORD"] = MqttKey;
            using var gateway = new GatewayProcess(local, upstream, settings);
            await gateway.StartReadyAsync();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            await using var publisher = await FramePublisher.ConnectAsync(local);
            await using var server = new MqttClient(new MqttClientOptions
            {
                Port = tts.Port,
                ClientId = "tts-server",
                CleanSession = true,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            });
            server.Start();
            Assert.True(await server.WaitConnectedAsync(TimeSpan.FromSeconds(10)));

            // Live, directly from TTS and not in storage: QoS 0 is lost until the gateway has subscribed, so repeat
            // (the repeats are duplicates, dropped).
            DateTimeOffset t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
            var live = TtsGapFillTests.Uplink(0, t0);
            Assert.True(await TtsGapFillTests.WaitAsync(() =>
            {
                server.PublishAsync(live.Topic, Encoding.UTF8.GetBytes(live.Json), QoS.AtMostOnce, false).Wait();
                return platform.Measured().Contains((live.Node, 0));
            }, TimeSpan.FromSeconds(20)), "the live uplink did not arrive from TTS's MQTT server\n" + File.ReadAllText(gateway.LogFile));
            Assert.Contains("u'app1@ttn'", File.ReadAllText(tts.LogFile));

            // TTS's server goes away; meanwhile only storage gets the uplinks.
            int requestsBefore = storage.Requests.Count;
            tts.Stop();
            const int n = 5;
            var missed = new List<(string Node, string Topic, string Json)>();
            for (int i = 1; i <= n; i++)
            {
                var u = TtsGapFillTests.Uplink(i, t0.AddSeconds(i));
                missed.Add(u);
                storage.Add(t0.AddSeconds(i), u.Json);
            }

            tts.StartAgain();
            Assert.True(await TtsGapFillTests.WaitAsync(() => storage.Requests.Count > requestsBefore, TimeSpan.FromSeconds(60)),
                "no fill after the reconnect to TTS\n" + File.ReadAllText(gateway.LogFile));

            var expected = new[] { (live.Node, 0) }.Concat(missed.Select(m => (m.Node, 0))).ToList();
            Assert.True(await platform.WaitForAsync(p => expected.All(e => p.Measured().Contains(e)), TimeSpan.FromSeconds(30)),
                "missing upstream: " + string.Join(", ", expected.Except(platform.Measured())) + "\n" + File.ReadAllText(gateway.LogFile));
            await Task.Delay(1500);

            var perUplink = platform.OfSchema("smile.measurement.v1").GroupBy(m => (string)m["node_id"]!).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (node, _) in expected)
            {
                Assert.Equal(1, perUplink[node]);
            }

            string log = File.ReadAllText(gateway.LogFile);
            Assert.DoesNotContain("KEYDONOTLOG", log);
            Assert.DoesNotContain("arrive at QoS 0", log);
        }
    }
}
