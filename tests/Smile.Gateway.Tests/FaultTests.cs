using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Crashes, outages, restarts, floods and a full buffer, with real processes and brokers.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class FaultTests
    {
        [Fact]
        public async Task Killing_the_gateway_mid_stream_loses_nothing_acknowledged()
        {
            await using var place = await SmilePlace.StartAsync();
            var (local, gateway, platform, publisher) = (place.Local, place.Gateway, place.Platform, place.Publisher);

            var random = new Random(4711);
            var acks = new List<Task>();
            int kills = 0;
            int nextKill = random.Next(2000, 6000);
            for (int i = 0; i < 20_000; i++)
            {
                int n = i % 100;
                acks.Add(await publisher.SendAsync(n < 70 ? StandardFrames.WifiNode(n) : StandardFrames.LoraNode(n), n >= 70));
                if (i == nextKill)
                {
                    await gateway.RestartAfterKillAsync();
                    kills++;
                    nextKill = i + random.Next(2000, 6000);
                }
            }

            await Task.WhenAll(acks);
            Assert.True(kills >= 3, "the stream was cut " + kills + " times");
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count >= publisher.Acknowledged().Count, TimeSpan.FromSeconds(90)),
                "arrived " + platform.Measured().Count + " of " + publisher.Acknowledged().Count + "; status " + await gateway.GetAsync("/status"));
            Assert.Empty(publisher.Acknowledged().Except(platform.Measured()));
            Assert.Empty(platform.DuplicatesWithDifferentIds());
        }

        [Fact]
        public async Task An_upstream_outage_buffers_everything_and_the_backlog_drains_at_the_set_pace_after_live_data()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Upstream__ReplayMaxPerSecond"] = "500" });
            await gateway.StartReadyAsync();
            await using var publisher = await FramePublisher.ConnectAsync(local);
            await using (var early = await PlatformSubscriber.ConnectAsync(upstream))
            {
                // The platform's session exists before the outage, as a real subscriber's would.
            }

            upstream.Stop();
            var acks = new List<Task>();
            for (int i = 0; i < 3000; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 50), false));
            }

            await Task.WhenAll(acks);

            // The broker acknowledged all 3000; the gateway takes them at its own pace.
            await gateway.WaitStatusAsync("\"buffer_messages\":3000", TimeSpan.FromSeconds(30));

            upstream.Restart();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            await gateway.WaitStatusAsync("\"upstream_connected\":true", TimeSpan.FromSeconds(40));

            // The backlog is what waited when the connection came up (UpstreamForwarder marks it then); live data is
            // what comes once the backlog is on its way.
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count > 0, TimeSpan.FromSeconds(30)), "the backlog did not start");
            var live = new List<Task>();
            for (int i = 0; i < 20; i++)
            {
                live.Add(await publisher.SendAsync("node-live", false));
            }

            await Task.WhenAll(live);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 3020, TimeSpan.FromSeconds(60)), "arrived " + platform.Measured().Count);

            var arrivals = platform.Messages.Where(m => (string?)m.Message["schema"] == "smile.measurement.v1").ToList();
            DateTime lastLive = arrivals.Where(m => (string)m.Message["node_id"]! == "node-live").Max(m => m.ArrivedAt);
            DateTime lastBacklog = arrivals.Where(m => (string)m.Message["node_id"]! != "node-live").Max(m => m.ArrivedAt);
            DateTime firstBacklog = arrivals.Where(m => (string)m.Message["node_id"]! != "node-live").Min(m => m.ArrivedAt);
            DateTime firstLive = arrivals.Where(m => (string)m.Message["node_id"]! == "node-live").Min(m => m.ArrivedAt);
            Assert.True(lastLive < lastBacklog, "live messages do not wait behind the backlog: live " + (firstLive - firstBacklog).TotalSeconds.ToString("F2")
                + "–" + (lastLive - firstBacklog).TotalSeconds.ToString("F2") + " s after the backlog began, which ended at " + (lastBacklog - firstBacklog).TotalSeconds.ToString("F2") + " s");

            // 3000 at 500/s with a one-second burst: at least 5 s; unpaced it takes well under one.
            double drainSeconds = (lastBacklog - firstBacklog).TotalSeconds;
            Assert.InRange(drainSeconds, 4.0, 30.0);
            Assert.Empty(platform.DuplicatesWithDifferentIds());
        }

        [Fact]
        public async Task A_local_broker_restart_during_the_stream_loses_nothing_acknowledged()
        {
            await using var place = await SmilePlace.StartAsync();
            var (local, gateway, platform, publisher) = (place.Local, place.Gateway, place.Platform, place.Publisher);

            var acks = new List<Task>();
            for (int i = 0; i < 3000; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 60), false));
                if (i == 1500)
                {
                    local.Restart();
                }
            }

            await Task.WhenAll(acks).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count >= publisher.Acknowledged().Count, TimeSpan.FromSeconds(60)),
                "arrived " + platform.Measured().Count + " of " + publisher.Acknowledged().Count);
            Assert.Empty(publisher.Acknowledged().Except(platform.Measured()));
        }

        [Fact]
        public async Task A_flooding_node_is_limited_and_counted_while_the_others_all_get_through()
        {
            await using var place = await SmilePlace.StartAsync(new Dictionary<string, string> { ["Smile__Filters__MaxFramesPerNodePerMinute"] = "30" });
            var (local, gateway, platform, publisher) = (place.Local, place.Gateway, place.Platform, place.Publisher);

            var acks = new List<Task>();
            for (int i = 0; i < 1000; i++)
            {
                acks.Add(await publisher.SendAsync("node-flood", false));
                if (i % 50 == 0)
                {
                    acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i / 50), false));
                }
            }

            await Task.WhenAll(acks);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count(k => k.Node != "node-flood") == 20, TimeSpan.FromSeconds(30)));
            // Every flood frame is either forwarded or counted as limited, at the gateway's own pace.
            int flooded = 0;
            long limited = 0;
            await gateway.WaitStatusAsync(status =>
            {
                flooded = platform.Measured().Count(k => k.Node == "node-flood");
                limited = (long?)status["counters"]?["dropped_rate_limited"]?["node-flood"] ?? 0;
                return flooded + limited >= 1000;
            }, TimeSpan.FromSeconds(30), "flood frames neither forwarded nor limited");
            await Task.Delay(500); // none more than 1000 comes in late
            flooded = platform.Measured().Count(k => k.Node == "node-flood");

            Assert.InRange(flooded, 30, 40);
            Assert.Equal(1000, flooded + limited);
        }

        [Fact]
        public async Task A_full_buffer_drops_the_oldest_measurements_by_an_exact_count()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Buffer__MaxBytes"] = "65536" });
            await gateway.StartReadyAsync();
            await using var publisher = await FramePublisher.ConnectAsync(local);
            upstream.Stop();

            var acks = new List<Task>();
            for (int i = 0; i < 3000; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 10), false));
            }

            await Task.WhenAll(acks);
            // The broker acknowledged them; the gateway takes them at its own pace, and counts a message in before
            // the commit that may drop others: wait until every one is either held or dropped.
            JsonObject status = await gateway.WaitStatusAsync(
                s => (long)s["buffer_rows"]! + GatewayProcess.Counter(s, "dropped_buffer_full") == 3000, TimeSpan.FromSeconds(30), "not all 3000 held or dropped");
            long dropped = GatewayProcess.Counter(status, "dropped_buffer_full");
            Assert.True(dropped > 0, "the bound was reached");

            upstream.Restart();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 3000 - dropped, TimeSpan.FromSeconds(60)),
                "arrived " + platform.Measured().Count + ", dropped " + dropped);
            await Task.Delay(500);
            Assert.Equal(3000 - dropped, platform.Measured().Count);

            // The oldest went: what arrived is the newest part of every node's stream.
            foreach (var group in platform.Measured().GroupBy(k => k.Node))
            {
                int lowest = group.Min(k => k.Sequence);
                Assert.Equal(300 - lowest, group.Count());
            }

            // The gateway's status on the platform reports the same figure.
            Assert.Contains(platform.OfSchema("smile.gateway-status.v1"), m => (bool)m["online"]! && (long?)m["dropped_buffer_full"] == dropped);
        }
    }
}
