using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.City;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>
    /// Issue 15, point 1: the gateway forwards to a 3-member nats-server cluster (Upstream:Members) at about
    /// 1,000 messages/s; the member it is connected to is SIGKILLed, and later, once that one is back, the next one.
    /// Forwarding resumes on another member while the killed one is still down, nothing the Smile Place broker
    /// acknowledged is missing from the stream, and a message in it twice carries the same message id both times.
    /// </summary>
    [Trait("Category", "process")]
    public sealed class GatewayFailoverTests
    {
        private const string UpstreamClientId = "smile-gateway-upstream";
        private const int Nodes = 100;
        private const int PerSecond = 1000;
        private const int Total = 24000;
        private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(20);

        // How long a failover may take before the test calls it broken: a liveness bound, not a speed goal. The time
        // it took is printed; on a loaded 2-core machine nats-server's elections took from 1 s to over 20 s.
        private static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(90);
        private readonly ITestOutputHelper _output;

        public GatewayFailoverTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Killing_the_member_the_gateway_uses_loses_nothing_acknowledged_and_duplicates_keep_their_ids()
        {
            using var nats = NatsCluster.Start(3);
            await using var stream = new StreamContents(nats.ClientUrls);
            await stream.CreateAsync(replicas: 3);
            using var local = Mosquitto.Start();
            var settings = nats.GatewayUpstreamSettings();
            // The backlog of a failover drains at 2,000/s instead of the default 200/s, so the test ends sooner.
            settings["Smile__Upstream__ReplayMaxPerSecond"] = "2000";
            using var gateway = new GatewayProcess(local, nats.Members[0].MqttPort, settings);
            await gateway.StartReadyAsync();
            await gateway.WaitStatusAsync("\"upstream_connected\":true", TimeSpan.FromSeconds(30));
            await using var uplinks = new UplinkPublisher(local.Port, "fo");
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            Task publishing = uplinks.RunAsync(Nodes, PerSecond, Total, cancel.Token);

            await Task.Delay(TimeSpan.FromSeconds(6));
            int first = await KillServingMemberAsync(nats, stream, gateway);
            nats.Restart(first);
            _output.WriteLine("member " + first + " back");
            await Task.Delay(TimeSpan.FromSeconds(3));
            int second = await KillServingMemberAsync(nats, stream, gateway);
            Assert.NotEqual(first, second);
            nats.Restart(second);
            _output.WriteLine("member " + second + " back");

            await publishing;
            Assert.True(await uplinks.WaitAcknowledgedAsync(TimeSpan.FromSeconds(30)), "the Smile Place broker did not acknowledge every frame");
            await WaitDrainedAsync(gateway, TimeSpan.FromSeconds(120));

            var arrived = (await stream.ReadAllAsync(TimeSpan.FromSeconds(60)))
                .Select(m => m.Message)
                .Where(m => (string?)m?["schema"] == "smile.measurement.v1")
                .Select(m => (Node: (string)m!["node_id"]!, Sequence: (int)m["frame"]!["seq"]!, Id: (string)m["message_id"]!))
                .ToList();
            var byFrame = arrived.GroupBy(m => (m.Node, m.Sequence)).ToDictionary(g => g.Key, g => g.Select(m => m.Id).ToList());
            var lost = uplinks.Acknowledged.Keys.Where(k => !byFrame.ContainsKey(k)).OrderBy(k => k).ToList();
            int duplicates = byFrame.Values.Sum(ids => ids.Count - 1);
            var renamed = byFrame.Where(f => f.Value.Distinct().Count() > 1).Select(f => f.Key).ToList();
            _output.WriteLine("acknowledged by the Smile Place broker " + uplinks.Acknowledged.Count + ", measurements in the stream " + arrived.Count
                + ", lost " + lost.Count + ", duplicates " + duplicates + " (with another message id: " + renamed.Count + ")");

            Assert.Equal(Total, uplinks.Acknowledged.Count);
            Assert.True(lost.Count == 0, lost.Count + " acknowledged frames missing, first " + string.Join(", ", lost.Take(10)) + "\n" + Tail(gateway.Log()));
            Assert.Empty(renamed);
        }

        /// <summary>
        /// SIGKILLs the member the gateway's upstream connection uses; returns it once the gateway forwards through
        /// another member (the stream grows again) while the killed one is still down (at least <see cref="DownFor"/>, at
        /// most <see cref="ResumeLimit"/>).
        /// </summary>
        private async Task<int> KillServingMemberAsync(NatsCluster nats, StreamContents stream, GatewayProcess gateway)
        {
            int serving = await WaitServingAsync(nats, except: null);
            long before = await stream.CountAsync();
            var clock = Stopwatch.StartNew();
            nats.Kill(serving);
            _output.WriteLine("member " + serving + " killed at " + before + " messages in the stream");
            int next = await WaitServingAsync(nats, except: serving);
            TimeSpan reconnected = clock.Elapsed;
            long atReconnect = await stream.CountAsync();
            while (clock.Elapsed < ResumeLimit && await stream.CountAsync() <= atReconnect)
            {
                await Task.Delay(100);
            }

            TimeSpan resumed = clock.Elapsed;
            _output.WriteLine("  gateway on member " + next + " after " + reconnected.TotalSeconds.ToString("F1") + " s, stream growing again after " + resumed.TotalSeconds.ToString("F1") + " s");
            Assert.True(resumed < ResumeLimit, "forwarding did not resume within " + ResumeLimit.TotalSeconds + " s of the kill, while member " + serving + " was down\n" + Tail(gateway.Log()));
            if (clock.Elapsed < DownFor)
            {
                await Task.Delay(DownFor - clock.Elapsed);
            }
            return serving;
        }

        private static async Task<int> WaitServingAsync(NatsCluster nats, int? except)
        {
            var deadline = DateTime.UtcNow + ResumeLimit;
            while (DateTime.UtcNow < deadline)
            {
                if (nats.MemberServing(UpstreamClientId) is int member && member != except)
                {
                    return member;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("the gateway connected to no other member within " + ResumeLimit.TotalSeconds + " s");
        }

        /// <summary>Waits until the gateway's buffer is empty: every message forwarded and acknowledged by the platform.</summary>
        private static async Task WaitDrainedAsync(GatewayProcess gateway, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                JsonObject status = await gateway.StatusAsync();
                if ((long?)status["buffer_messages"] == 0)
                {
                    return;
                }

                await Task.Delay(500);
            }

            throw new TimeoutException("the gateway's buffer did not drain: " + await gateway.GetAsync("/status"));
        }

        private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
    }
}
