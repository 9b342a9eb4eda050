using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Smile.Bench.Systems;
using Smile.Frames;
using Smile.FrameFuzz;
using Smile.Mqtt;
using Smile.Simulation.Place;

namespace Smile.Bench.Faults
{
    /// <summary>
    /// The fault scenarios: a stream of QoS 1 frames from 100 nodes while something breaks, then a wait for the last
    /// arrival, then counts. "Lost" is a frame the Smile Place broker acknowledged that never reached the platform.
    /// </summary>
    public static class Scenarios
    {
        private const int Nodes = 100;

        /// <summary>The system SIGKILLed at random points of the stream, each time started again.</summary>
        public static Task<FaultResult> KillsAsync(string system, int kills, double rate, int seed) =>
            StreamAsync(system, "SIGKILL ×" + kills + " during a stream at " + rate + " msg/s", rate, async (sut, upstream, stop) =>
            {
                var random = new Random(seed);
                for (int i = 0; i < kills; i++)
                {
                    await Task.Delay(random.Next(200, 1500));
                    await sut.KillAndRestartAsync();
                }

                stop();
            }, messages: 0);

        /// <summary>
        /// The platform's broker down for a while under load, then back; the stream goes on 30 s after, so a peer's
        /// reconnect back-off (mosquitto's bridge waits up to 30 s) does not count as loss.
        /// </summary>
        public static Task<FaultResult> UpstreamOutageAsync(string system, int seconds, double rate) =>
            StreamAsync(system, "platform broker down " + seconds + " s under " + rate + " msg/s", rate, async (sut, upstream, stop) =>
            {
                await Task.Delay(5000);
                upstream.Stop();
                await Task.Delay(seconds * 1000);
                upstream.StartAgain();
                await Task.Delay(30_000);
                stop();
            }, messages: 0);

        /// <summary>The Smile Place broker restarted (SIGTERM, start) under load.</summary>
        public static Task<FaultResult> LocalRestartAsync(string system, double rate) =>
            StreamAsync(system, "Smile Place broker restarted under " + rate + " msg/s", rate, async (sut, upstream, stop) =>
            {
                await Task.Delay(5000);
                sut.Local.Restart();
                await Task.Delay(10000);
                stop();
            }, messages: 0);

        /// <summary>
        /// The gateway's buffer bound (Buffer:MaxBytes) reached while the platform is away: measurements are dropped
        /// oldest first and counted; every status frame must survive.
        /// </summary>
        public static async Task<FaultResult> BufferFullAsync(int messages, long maxBytes)
        {
            using Mosquitto upstream = Mosquitto.Start();
            upstream.Stop();
            using GatewaySystem gateway = await GatewaySystem.StartAsync(upstream, durable: true, new Dictionary<string, string> { ["Smile__Buffer__MaxBytes"] = maxBytes.ToString() });
            List<PreparedPublish> frames = StandardFrames.RoundRobin("bench-", Nodes, messages, statusEvery: 50);
            await using FramePublisher load = await FramePublisher.ConnectAsync(gateway.Local, "bench-nodes");
            await load.StreamAsync(frames);
            await gateway.Process.WaitStatusAsync("\"messages_in\":" + messages, TimeSpan.FromSeconds(120));
            upstream.StartAgain();
            await using PlatformSubscriber arrivals = await PlatformSubscriber.ConnectAsync(upstream, gateway.UpstreamFilter, gateway.Shape, keepMessages: false);
            HashSet<(string Node, int Sequence)> acknowledged = load.Acknowledged();
            JsonObject status = (await DrainAsync(gateway.Process, arrivals, acknowledged.Count))!;
            long dropped = GatewayProcess.Counter(status, "dropped_buffer_full");
            List<PreparedPublish> statusFrames = frames.Where(f => f.Status).ToList();
            int statusLost = statusFrames.Count(f => !arrivals.FirstArrival.ContainsKey((f.Node!, f.Sequence)));
            int lost = acknowledged.Count(k => !arrivals.FirstArrival.ContainsKey(k));
            return new FaultResult("buffer bound " + maxBytes / 1024 + " KiB reached with the platform away, " + messages + " frames", gateway.Name, messages,
                acknowledged.Count, arrivals.FirstArrival.Count, lost - (int)dropped, arrivals.DuplicatesWithoutSharedId, dropped,
                statusFrames.Count + " status frames sent, " + statusLost + " of them missing; lost excludes the " + dropped + " measurements dropped by policy");
        }

        /// <summary>Random and mutated frames through the decoder in this process: it must never throw and always classify.</summary>
        public static FaultResult DecoderFuzz(int inputs, int seed)
        {
            var random = new Random(seed);
            List<byte[]> seeds = Mutations.Seeds(random, ValidVectors());
            int accepted = 0;
            int rejected = 0;
            int crashes = 0;
            for (int i = 0; i < inputs; i++)
            {
                byte[] input = i % 4 == 0 ? Mutations.RandomBytes(random) : Mutations.Mutate(random, seeds[random.Next(seeds.Count)]);
                try
                {
                    DecodeResult result = FrameDecoder.Decode(input);
                    if (result.Ok)
                    {
                        accepted++;
                    }
                    else
                    {
                        rejected++;
                    }
                }
                catch (Exception)
                {
                    crashes++;
                }
            }

            return new FaultResult(inputs + " random and mutated frames through the decoder", "codec", inputs, inputs, accepted + rejected, 0, 0, 0,
                accepted + " accepted, " + rejected + " rejected with a typed error, " + crashes + " exceptions");
        }

        /// <summary>Random and mutated frames through the live gateway: every one is forwarded, counted as a duplicate, or quarantined.</summary>
        public static async Task<FaultResult> LiveFuzzAsync(int inputs, int seed)
        {
            using Mosquitto upstream = Mosquitto.Start();
            using GatewaySystem gateway = await GatewaySystem.StartAsync(upstream, durable: true);
            await using PlatformSubscriber platform = await PlatformSubscriber.ConnectAsync(upstream);
            int pid = gateway.Pid;
            var random = new Random(seed);
            List<byte[]> seeds = Mutations.Seeds(random, ValidVectors());
            var fuzzed = new List<PreparedPublish>(inputs);
            for (int i = 0; i < inputs; i++)
            {
                byte[] input = i % 4 == 0 ? Mutations.RandomBytes(random) : Mutations.Mutate(random, seeds[random.Next(seeds.Count)]);
                fuzzed.Add(new PreparedPublish("smile/up/fuzz-" + (i % 50).ToString("D2"), input, QoS.AtLeastOnce));
            }

            await using FramePublisher fuzz = await FramePublisher.ConnectAsync(gateway.Local, "fuzz");
            await fuzz.StreamAsync(fuzzed);
            await gateway.Process.WaitStatusAsync("\"messages_in\":" + inputs, TimeSpan.FromSeconds(300));
            await gateway.Process.WaitStatusAsync("\"buffer_messages\":0", TimeSpan.FromSeconds(300));
            JsonObject status = await gateway.Process.StatusAsync();
            long quarantined = GatewayProcess.Counter(status, "quarantined");
            long duplicates = GatewayProcess.Counter(status, "duplicates");
            await platform.WaitForAsync(p => p.OfSchema("smile.dead-letter.v1").Count() >= quarantined, TimeSpan.FromSeconds(60));
            int deadLetters = platform.OfSchema("smile.dead-letter.v1").Count();
            int frames = platform.OfSchema("smile.measurement.v1")
                .Select(m => ((string)m["message_id"]!).Split(':')).Select(id => id[0] + ":" + id[1] + ":" + id[2] + ":" + id[4]).Distinct().Count()
                + platform.OfSchema("smile.node-status.v1").Count();
            bool alive = !gateway.Process.HasExited && gateway.Pid == pid;
            return new FaultResult(inputs + " random and mutated frames through the live gateway", gateway.Name, inputs, inputs, frames + deadLetters,
                (int)(inputs - frames - deadLetters - duplicates), 0, 0, quarantined + " quarantined (" + deadLetters + " dead letters upstream), " + duplicates
                + " duplicates dropped, " + frames + " frames forwarded; gateway " + (alive ? "never restarted" : "CRASHED"));
        }

        private static async Task<FaultResult> StreamAsync(string system, string scenario, double rate, Func<ISystemUnderTest, Mosquitto, Action, Task> fault, int messages)
        {
            using Mosquitto upstream = Mosquitto.Start();
            using ISystemUnderTest sut = await Runner.StartAsync(system, upstream);
            await using PlatformSubscriber arrivals = await PlatformSubscriber.ConnectAsync(upstream, sut.UpstreamFilter, sut.Shape, keepMessages: false);
            await using FramePublisher load = await FramePublisher.ConnectAsync(sut.Local, "bench-nodes");
            List<PreparedPublish> frames = StandardFrames.RoundRobin("bench-", Nodes, messages > 0 ? messages : 400_000);
            bool stopped = false;
            Task injecting = fault(sut, upstream, () => stopped = true);
            Task streaming = load.StreamAsync(frames, rate, () => stopped);
            await injecting;
            await streaming;
            HashSet<(string Node, int Sequence)> acknowledged = load.Acknowledged();
            JsonObject? status = sut is GatewaySystem g ? await DrainAsync(g.Process, arrivals, acknowledged.Count) : await DrainAsync(null, arrivals, acknowledged.Count);
            long dropped = status == null ? 0 : GatewayProcess.Counter(status, "dropped_buffer_full") + GatewayProcess.Counter(status, "dropped_expired") + GatewayProcess.Counter(status, "dropped_rate_limited");
            int lost = acknowledged.Count(k => !arrivals.FirstArrival.ContainsKey(k));
            return new FaultResult(scenario, sut.Name, frames.Count(f => f.SentAt != 0), acknowledged.Count, arrivals.FirstArrival.Count, lost, arrivals.DuplicatesWithoutSharedId, dropped, "");
        }

        /// <summary>Waits until every acknowledged frame arrived or nothing new came for 30 s; the gateway's final status, if any.</summary>
        private static async Task<JsonObject?> DrainAsync(GatewayProcess? gateway, PlatformSubscriber arrivals, int expected)
        {
            await arrivals.WaitArrivalsAsync(expected, TimeSpan.FromSeconds(30));
            return gateway == null ? null : await gateway.StatusAsync();
        }

        private static IEnumerable<byte[]> ValidVectors() =>
            JsonNode.Parse(File.ReadAllText(RepoPaths.Of("tests", "vectors", "frames.json")))!.AsArray()
                .Where(v => v!["error"] == null).Select(v => Convert.FromHexString((string)v!["hex"]!));
    }
}
