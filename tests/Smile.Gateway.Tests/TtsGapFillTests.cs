using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The Things Stack's MQTT server offers QoS 0 only: uplinks it publishes while the gateway is disconnected come
    /// back from its Storage Integration API, here a stand-in on loopback serving the documented newline-delimited
    /// {"result": {…}} JSON.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class TtsGapFillTests
    {
        internal const string ApiKey = "NNSXS.TESTKEYDONOTLOG.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

        /// <summary>The gateway's TTS source with its Storage Integration pointed at the stand-in, small pages, quick retries.</summary>
        internal static Dictionary<string, string> StorageSettings(StorageStandIn storage) => new Dictionary<string, string>
        {
            ["Smile__Sources__TheThingsStack__Enabled"] = "true",
            ["Smile__Sources__TheThingsStack__Storage__BaseUrl"] = storage.BaseUrl,
            ["Smile__Sources__TheThingsStack__Storage__ApplicationId"] = "app1",
            ["Smile__Sources__TheThingsStack__Storage__Tenant"] = "ttn",
            ["Smile__Sources__TheThingsStack__Storage__PageLimit"] = "2",
            ["Smile__Sources__TheThingsStack__Storage__RequestTimeoutSeconds"] = "5",
            ["Smile__Sources__TheThingsStack__Storage__MaxRetryDelaySeconds"] = "1",
            ["SMILE_TTS_API_KEY"] = ApiKey,
            ["Logging__LogLevel__Default"] = "Information",
        };

        [Fact]
        public async Task Uplinks_published_while_disconnected_arrive_once_from_the_storage_integration()
        {
            using var storage = new StorageStandIn();
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, StorageSettings(storage));
            await gateway.StartReadyAsync();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            await using var publisher = await FramePublisher.ConnectAsync(local);

            // Live over MQTT first: the gateway then holds uplinks up to t0.
            DateTimeOffset t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
            var live = Uplink(0, t0);
            storage.Add(t0, live.Json);
            await publisher.PublishRawAsync(live.Topic, Encoding.UTF8.GetBytes(live.Json));
            Assert.True(await platform.WaitForAsync(p => p.Measured().Contains((live.Node, 0)), TimeSpan.FromSeconds(20)), "the live uplink did not arrive");

            // The gateway's subscription goes down; TTS publishes N uplinks (QoS 0: lost for MQTT), only storage has them.
            local.Stop();
            const int n = 5;
            var missed = new List<(string Node, string Topic, string Json)>();
            for (int i = 1; i <= n; i++)
            {
                var u = Uplink(i, t0.AddSeconds(i));
                missed.Add(u);
                storage.Add(t0.AddSeconds(i), u.Json);
            }

            storage.Add(t0.AddSeconds(3.5), "{\"result\": {\"end_device_ids\": "); // cut off: quarantined, the rest flows
            storage.FailNext = 1; // the first request after the reconnect fails: retried with back-off
            local.StartAgain();

            // One of them also arrives over MQTT (TTS published it right after the reconnect): a duplicate, dropped.
            Assert.True(await WaitAsync(() => storage.Requests.Count(r => r.Status == 503) == 1, TimeSpan.FromSeconds(30)), "no fill after the reconnect");
            await publisher.PublishRawAsync(missed[2].Topic, Encoding.UTF8.GetBytes(missed[2].Json));

            var expected = new[] { (live.Node, 0) }.Concat(missed.Select(m => (m.Node, 0))).ToList();
            Assert.True(await platform.WaitForAsync(p => expected.All(e => p.Measured().Contains(e)), TimeSpan.FromSeconds(30)),
                "missing upstream: " + string.Join(", ", expected.Except(platform.Measured())) + "\n" + File.ReadAllText(gateway.LogFile));
            Assert.True(await platform.WaitForAsync(p => p.OfSchema("smile.dead-letter.v1").Any(), TimeSpan.FromSeconds(10)), "the malformed line was not quarantined");
            await Task.Delay(1500);

            var perUplink = platform.OfSchema("smile.measurement.v1").GroupBy(m => (string)m["node_id"]!).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (node, _) in expected)
            {
                Assert.Equal(1, perUplink[node]);
            }

            var deadLetter = Assert.Single(platform.OfSchema("smile.dead-letter.v1"));
            Assert.Equal("storage_malformed", (string?)deadLetter["reason"]);
            JsonObject status = await gateway.StatusAsync();
            Assert.True(GatewayProcess.Counter(status, "duplicates") >= 1, status.ToJsonString());

            Assert.NotEmpty(storage.Requests);
            Assert.All(storage.Requests, r =>
            {
                Assert.Equal("Bearer " + ApiKey, r.Authorization);
                Assert.Contains("text/event-stream", r.Accept);
                Assert.Equal("/api/v3/as/applications/app1/packages/storage/uplink_message", r.Path);
            });
            Assert.True(storage.Requests.Count(r => r.Status == 200) >= 3, "paging with limit 2 takes several requests");
            string log = File.ReadAllText(gateway.LogFile);
            Assert.Contains("TTS gap fill failed, retrying", log);
            Assert.DoesNotContain("TESTKEYDONOTLOG", log);
        }

        internal static (string Node, string Topic, string Json) Uplink(int i, DateTimeOffset receivedAt)
        {
            string node = StandardFrames.LoraNode(500 + i);
            string device = "dev-" + i;
            return (node, NetworkServerEvents.TtsTopic(device), NetworkServerEvents.TtsUp(device, node, i, StandardFrames.Measurement(0), receivedAt).ToJsonString());
        }

        internal static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !condition())
            {
                await Task.Delay(50);
            }

            return condition();
        }

        /// <summary>TTS's Storage Integration on loopback: stored lines by received_at, served after "after", "limit" at a time.</summary>
        internal sealed class StorageStandIn : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly List<(DateTimeOffset At, string Line)> _stored = new List<(DateTimeOffset, string)>();
            private readonly Task _loop;

            public StorageStandIn()
            {
                int port = Loopback.FreePort();
                BaseUrl = "http://127.0.0.1:" + port;
                _listener.Prefixes.Add(BaseUrl + "/");
                _listener.Start();
                _loop = Task.Run(ServeAsync);
            }

            public string BaseUrl { get; }

            public int FailNext { get; set; }

            public ConcurrentQueue<(string Path, string? Authorization, string Accept, int Status)> Requests { get; } = new ConcurrentQueue<(string, string?, string, int)>();

            public void Add(DateTimeOffset at, string resultJson)
            {
                lock (_stored)
                {
                    // A whole message is wrapped as the API does; a cut-off one is served as it is.
                    _stored.Add((at, resultJson.StartsWith("{\"result\"", StringComparison.Ordinal) ? resultJson : "{\"result\":" + resultJson + "}"));
                }
            }

            public void Dispose()
            {
                _listener.Stop();
                _listener.Close();
            }

            private async Task ServeAsync()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    var query = context.Request.QueryString;
                    int status = 200;
                    if (FailNext > 0)
                    {
                        FailNext--;
                        status = 503;
                    }

                    Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], context.Request.Headers["Accept"] ?? "", status));
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "text/event-stream";
                    if (status == 200)
                    {
                        DateTimeOffset after = DateTimeOffset.Parse(query["after"]!, CultureInfo.InvariantCulture);
                        int limit = int.Parse(query["limit"]!, CultureInfo.InvariantCulture);
                        List<string> lines;
                        lock (_stored)
                        {
                            lines = _stored.Where(s => s.At > after).OrderBy(s => s.At).Take(limit).Select(s => s.Line).ToList();
                        }

                        byte[] body = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
                        await context.Response.OutputStream.WriteAsync(body);
                    }

                    context.Response.Close();
                }
            }
        }
    }
}
