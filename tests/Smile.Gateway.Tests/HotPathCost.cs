using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Mqtt;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// What one message costs the gateway on its hot path (ingest → commit → render → publish → delete), measured in
    /// process against real brokers with deterministic counters: bytes allocated, SQLite statements and commits, bytes
    /// written to storage. The load (frames published to the local broker by an in-process client, a window of 200 in
    /// flight) is measured alone first, so its allocations are subtracted.
    /// </summary>
    internal sealed record HotPathCost(int Messages, double AllocatedBytes, double Statements, double TriggerRuns, double Commits, double BytesWritten, TimeSpan Elapsed,
        ExceptionCount Exceptions)
    {
        public const int Nodes = 100;
        public const int Window = 200;

        public override string ToString() =>
            $"{Messages} messages in {Elapsed.TotalSeconds:F1} s: {AllocatedBytes:F0} B allocated, {Statements:F2} SQLite statements (and {TriggerRuns:F2} trigger runs), "
            + $"{Commits:F3} commits, {BytesWritten:F0} B written per message; exceptions thrown: {Exceptions}";

        /// <summary>Runs the gateway's services in process and pushes <paramref name="messages"/> frames through them.</summary>
        public static async Task<HotPathCost> MeasureAsync(int messages, double perSecond = 0, Action<GatewayOptions>? configure = null)
        {
            using Mosquitto local = TestBrokers.Local(), upstream = TestBrokers.Upstream();
            string folder = Directory.CreateTempSubdirectory("smile-hotpath-").FullName;
            try
            {
                var options = new GatewayOptions();
                options.Gateway.DataDirectory = folder;
                options.LocalBroker.Port = local.Port;
                options.Upstream.Port = upstream.Port;
                options.Upstream.Tls = null;
                options.Filters.MaxFramesPerNodePerMinute = 0;
                configure?.Invoke(options);
                List<(string Topic, byte[] Frame)> load = Load(messages);

                await using MqttClient node = await ConnectedAsync(local.Port, "hotpath-load");
                long loadAllocated = GC.GetTotalAllocatedBytes(true);
                await PublishAsync(node, load, "nobody/listens/");
                loadAllocated = GC.GetTotalAllocatedBytes(true) - loadAllocated;

                using IHost host = Host(options);
                GatewayStore store = host.Services.GetRequiredService<GatewayStore>();
                await StartMarkedAsync(host);
                await WarmUpAsync(node, host, store);

                // Two passes of the same load on fresh node ids: allocations without the trace hook (it hands over
                // each statement as a new string), then statements, commits and bytes written with it.
                long allocated = GC.GetTotalAllocatedBytes(true);
                var clock = Stopwatch.StartNew();
                ExceptionCount exceptions;
                using (var counting = ExceptionCount.Start())
                {
                    await PublishAsync(node, load, "", perSecond);
                    await DrainedAsync(store, TimeSpan.FromSeconds(120));
                    exceptions = counting.Stop();
                }

                clock.Stop();
                allocated = GC.GetTotalAllocatedBytes(true) - allocated - loadAllocated;

                long written = ProcessResources.BytesWritten();
                var statements = new StatementCounter(store);
                await PublishAsync(node, Load(messages, "node-b-"), "", perSecond);
                await DrainedAsync(store, TimeSpan.FromSeconds(120));
                written = ProcessResources.BytesWritten() - written;
                (long count, long commits) = statements.Read();
                await host.StopAsync();
                return new HotPathCost(messages, (double)allocated / messages, (double)count / messages, (double)statements.TriggerRuns / messages, (double)commits / messages,
                    (double)written / messages, clock.Elapsed, exceptions);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, true);
            }
        }

        /// <summary>Starts the gateway's services with their flow marked for <see cref="ExceptionCount"/>; the mark stays in here, off the test's own load.</summary>
        private static async Task StartMarkedAsync(IHost host)
        {
            ExceptionCount.MarkFlow();
            await host.StartAsync();
        }

        private static List<(string, byte[])> Load(int messages, string nodePrefix = "node-")
        {
            var load = new List<(string, byte[])>(messages);
            for (int i = 0; i < messages; i++)
            {
                // Distinct (node, boot, sequence) for every message, so none is a duplicate; 100 per node stay under 4096.
                load.Add(("smile/up/" + nodePrefix + (i % Nodes), TestFrames.Measurement(100 + i / Nodes)));
            }

            return load;
        }

        private static async Task<MqttClient> ConnectedAsync(int port, string clientId)
        {
            var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = port, ClientId = clientId, CleanSession = true, MaxInflight = Window });
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("the load client could not connect");
            }

            return client;
        }

        /// <summary>As fast as the window allows, or paced at <paramref name="perSecond"/> (in steps of 5 ms).</summary>
        private static async Task PublishAsync(MqttClient node, List<(string Topic, byte[] Frame)> load, string topicPrefix, double perSecond = 0)
        {
            var acks = new List<Task>(load.Count);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < load.Count; i++)
            {
                if (perSecond > 0 && i / perSecond > clock.Elapsed.TotalSeconds + 0.005)
                {
                    await Task.Delay(TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed);
                }

                acks.Add(await node.EnqueuePublishAsync(topicPrefix + load[i].Topic, load[i].Frame, QoS.AtLeastOnce, false));
            }

            await Task.WhenAll(acks);
        }

        /// <summary>A few frames first, so JIT, connections and first-use caches are not counted against the hot path.</summary>
        private static async Task WarmUpAsync(MqttClient node, IHost host, GatewayStore store)
        {
            _ = host;
            var warm = new List<(string, byte[])>();
            for (int i = 0; i < 500; i++)
            {
                warm.Add(("smile/up/warm-" + (i % Nodes), TestFrames.Measurement(1 + i / Nodes)));
            }

            await PublishAsync(node, warm, "");
            await DrainedAsync(store, TimeSpan.FromSeconds(60));
        }

        /// <summary>Until every committed row is forwarded, acknowledged and deleted (the gateway's own counters say when).</summary>
        private static async Task DrainedAsync(GatewayStore store, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            long forwardedBefore = store.Rows;
            await Task.Delay(50);
            while (store.Rows > 0 || store.PendingMessages > 0)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException(store.Rows + " rows still in the buffer after " + timeout + " (" + forwardedBefore + " at the start)");
                }

                await Task.Delay(20);
            }

            // Rows go before the last acknowledgements' housekeeping round ends; let the loop settle.
            await Task.Delay(250);
        }

        private static IHost Host(GatewayOptions options)
        {
            HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            IServiceCollection s = builder.Services;
            s.AddSingleton(options);
            s.AddSingleton(sp => new GatewayStore(Path.Combine(options.Gateway.DataDirectory, "buffer.db"), options.Buffer, sp.GetRequiredService<ILogger<GatewayStore>>()));
            s.AddSingleton(_ => new Deduplicator(options.Filters.DedupWindowHours * 3_600_000L));
            s.AddSingleton<MessageRenderer>();
            s.AddSingleton<Sources.UplinkConnections>();
            s.AddSingleton<Brokers>();
            s.AddSingleton<UplinkProcessor>();
            s.AddSingleton(sp => new WifiAcks(sp.GetRequiredService<Brokers>().LocalPublisher, options.Sources.WifiAckTopic));
            s.AddSingleton(sp => new Outbox(sp.GetRequiredService<GatewayStore>()));
            s.AddSingleton<GatewayMetrics>();
            s.AddSingleton<NodeDirectory>();
            s.AddSingleton<Sources.SourceQosWatch>();
            s.AddSingleton<PipelineGate>();
            s.AddSingleton<Sources.TtsCursor>();
            s.AddSingleton(TimeProvider.System);
            s.AddSingleton<IClockSync, KernelClockSync>();
            s.AddSingleton<GatewayClock>();
            s.AddSingleton<ClockCorrector>();
            s.AddHostedService<OutboxHousekeeping>();
            s.AddHostedService<UpstreamForwarder>();
            s.AddHostedService<IngestService>();
            return builder.Build();
        }
    }
}
