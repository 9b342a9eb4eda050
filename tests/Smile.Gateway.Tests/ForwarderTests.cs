using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;
using Smile.Gateway.Sinks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The forwarder in process, between a real buffer file and a scripted platform broker on loopback: which rows are
    /// backlog (paced) and which are live after an outage. The broker's order of arrival is the forwarder's order of sending.
    /// </summary>
    public sealed class ForwarderTests : IAsyncDisposable
    {
        private static readonly byte[] StandardFrame = Convert.FromHexString("204d23daff2b787903ab");
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-forwarder-").FullName;
        private readonly GatewayOptions _options = new GatewayOptions();
        private GatewayStore? _store;
        private Brokers? _brokers;
        private UpstreamForwarder? _forwarder;

        public async ValueTask DisposeAsync()
        {
            if (_forwarder != null)
            {
                await _forwarder.StopAsync(CancellationToken.None);
            }

            if (_brokers != null)
            {
                await _brokers.DisposeAsync();
            }

            _store?.Dispose();
            Directory.Delete(_folder, true);
        }

        [Fact]
        public async Task Rows_committed_as_the_connection_comes_back_are_live_while_the_forwarder_is_still_busy_with_rows_taken_before()
        {
            // The first publish closes the connection, so the forwarder sits on a batch it took before, waiting for
            // the in-flight window of one; the rest of that batch needs a PUBACK each after the reconnect.
            int publishes = 0;
            using var platform = new ScriptedBroker(p => p.Type == 3 && Interlocked.Increment(ref publishes) == 1 ? null : ScriptedBroker.Usual(p));
            Outbox outbox = await StartAsync(platform, maxInflight: 1, replayPerSecond: 20);
            Assert.True(await _brokers!.Upstream.WaitConnectedAsync(TimeSpan.FromSeconds(10)), "no connection");

            outbox.Commit(Batch(300, "node-early"));
            _brokers.Upstream.ConnectionChanged += connected =>
            {
                // The moment of reconnecting, on the client's thread, after the forwarder's own handler.
                if (connected && _brokers.Upstream.ConnectCount == 2)
                {
                    outbox.Commit(Batch(5, "node-live"));
                }
            };

            Assert.True(await platform.WaitForAsync(p => Arrived(p).Count == 305, TimeSpan.FromSeconds(60)), "arrived " + Arrived(platform).Count + " of 305");
            List<string> order = Arrived(platform);
            int lastLive = order.LastIndexOf("node-live");
            int earlyAfterLive = order.Skip(lastLive).Count(n => n == "node-early");

            // The forwarder held 256 of the early rows when the connection came back: the other 44 were waiting, the backlog.
            Assert.True(earlyAfterLive >= 300 - 256, "live rows went out behind the backlog: " + earlyAfterLive + " early rows after the last live one");
        }

        [Fact]
        public async Task Live_rows_wait_behind_one_paced_backlog_row_at_most()
        {
            // The platform stops answering at the 16th publish until the live rows are committed, so paced rows pile
            // up on their way (in the client, the socket, the broker) as they did when a CI machine stalled a second.
            int publishes = 0;
            using var stalled = new ManualResetEventSlim(false);
            using var platform = new ScriptedBroker(p =>
            {
                if (p.Type == 3 && Interlocked.Increment(ref publishes) == 16)
                {
                    stalled.Wait(TimeSpan.FromSeconds(30));
                }

                return ScriptedBroker.Usual(p);
            });
            GatewayStore store = Open();
            new Outbox(store).Commit(Batch(200, "node-early"));
            Outbox outbox = await StartAsync(platform, maxInflight: 64, replayPerSecond: 10, store);

            // 10 per second: a burst of 10, then one every 100 ms, all 200 in one batch taken from the store.
            Assert.True(await platform.WaitForAsync(p => Arrived(p).Count >= 15 && _brokers!.Upstream.PendingPublishes >= 10, TimeSpan.FromSeconds(30)), "the backlog did not pile up");
            outbox.Commit(Batch(3, "node-live"));

            // Rows handed to the client before the commit, counted after it: publishes waiting for their PUBACK first,
            // then those the broker took (it records one before it answers), so a row between the two counts is
            // counted at least once and a stall of any thread can only make this bound looser.
            int gone = _brokers!.Upstream.PendingPublishes;
            gone += Arrived(platform).Count;
            stalled.Set();
            Assert.True(await platform.WaitForAsync(p => Arrived(p).Count(n => n == "node-live") == 3, TimeSpan.FromSeconds(30)), "the live rows did not arrive");

            List<string> order = Arrived(platform);
            int earlyBeforeLive = order.Take(order.LastIndexOf("node-live")).Count(n => n == "node-early");

            // The row being paced when they came, and one being handed to the client.
            Assert.True(earlyBeforeLive <= gone + 2, "live rows waited behind " + earlyBeforeLive + " backlog rows (" + gone + " had been handed out just after they came)");
        }

        /// <summary>The node of each measurement the platform acknowledged, in the order they came.</summary>
        private static List<string> Arrived(ScriptedBroker platform) =>
            platform.Accepted.Select(m => (string?)m.Message?["node_id"]).Where(n => n != null).Select(n => n!).ToList();

        private async Task<Outbox> StartAsync(ScriptedBroker platform, int maxInflight, int replayPerSecond, GatewayStore? store = null)
        {
            _options.Upstream.Port = platform.Port;
            _options.Upstream.Tls = null;
            _options.Upstream.MaxInflight = maxInflight;
            _options.Upstream.ReplayMaxPerSecond = replayPerSecond;
            var outbox = new Outbox(store ?? Open());
            var renderer = new MessageRenderer(_options);
            _brokers = new Brokers(_options, NullLoggerFactory.Instance, renderer);
            _forwarder = new UpstreamForwarder(_options, outbox, _brokers, renderer, new GatewayMetrics(TimeProvider.System), NullLogger<UpstreamForwarder>.Instance);
            await _forwarder.StartAsync(CancellationToken.None);
            return outbox;
        }

        private GatewayStore Open() => _store = new GatewayStore(Path.Combine(_folder, "buffer.db"), _options.Buffer, NullLogger<GatewayStore>.Instance);

        private static CommitBatch Batch(int count, string node)
        {
            var batch = new CommitBatch();
            for (int i = 0; i < count; i++)
            {
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, node, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "{\"s\":\"wifi\"}", StandardFrame));
            }

            return batch;
        }
    }
}
