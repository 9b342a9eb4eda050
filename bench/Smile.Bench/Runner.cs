using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Smile.Bench.Systems;
using Smile.Simulation.Place;

namespace Smile.Bench
{
    /// <summary>One run: a fresh platform broker and system, the load, the wait for the last arrival, the figures.</summary>
    public static class Runner
    {
        public static async Task<RunResult> RunAsync(string system, string scenario, int round, int messages, int nodes, double rate)
        {
            using Mosquitto upstream = Mosquitto.Start();
            using ISystemUnderTest sut = await StartAsync(system, upstream);
            await using PlatformSubscriber arrivals = await PlatformSubscriber.ConnectAsync(upstream, sut.UpstreamFilter, sut.Shape, keepMessages: false, expected: messages);
            List<PreparedPublish> frames = StandardFrames.RoundRobin("bench-", nodes, messages);
            await using FramePublisher load = await FramePublisher.ConnectAsync(sut.Local, "bench-nodes");
            ProcessStats before = ProcessStats.Read(sut.Pid);
            ProcessStats platformBefore = ProcessStats.Read(upstream.Pid);
            TimeSpan benchBefore = Process.GetCurrentProcess().TotalProcessorTime;
            TimeSpan instrumentBefore = load.CpuTime + arrivals.CpuTime;
            long started = Stopwatch.GetTimestamp();
            await load.StreamAsync(frames, rate);
            int acknowledged = load.Acknowledged().Count;
            await arrivals.WaitArrivalsAsync(acknowledged, TimeSpan.FromSeconds(10));

            ProcessStats used = ProcessStats.Read(sut.Pid).Since(before);
            double platformCpu = sut.Pid == upstream.Pid ? 0 : ProcessStats.Read(upstream.Pid).Since(platformBefore).CpuSeconds; // the baseline's system is the platform broker
            double instrumentCpu = (load.CpuTime + arrivals.CpuTime - instrumentBefore).TotalSeconds;
            double generatorCpu = load.CpuTime.TotalSeconds;
            double benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchBefore).TotalSeconds;
            double[] latencies = Latencies(frames, arrivals);
            int arrived = arrivals.FirstArrival.Count;
            long last = arrived > 0 ? arrivals.FirstArrival.Values.Max() : started;
            int lost = frames.Count(f => f.Acknowledged && !arrivals.FirstArrival.ContainsKey((f.Node!, f.Sequence)));
            double seconds = Stopwatch.GetElapsedTime(started, last).TotalSeconds;
            return new RunResult(sut.Name, scenario, round, messages, acknowledged, arrived, lost, arrivals.Duplicates,
                seconds > 0 ? arrived / seconds : 0,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
                used.PeakRssBytes, used.CpuSeconds, arrived > 0 ? (double)used.WriteBytes / arrived : 0,
                arrived > 0 ? used.CpuSeconds * 1e6 / arrived : 0, generatorCpu * 1e6 / messages, instrumentCpu * 1e6 / messages, benchCpu * 1e6 / messages,
                arrived > 0 ? platformCpu * 1e6 / arrived : 0);
        }

        public static async Task<ISystemUnderTest> StartAsync(string system, Mosquitto upstream) => system switch
        {
            "broker" => new BrokerOnlySystem(upstream),
            "bridge" => BridgeSystem.Start(upstream, tuned: false),
            "bridge-tuned" => BridgeSystem.Start(upstream, tuned: true),
            "node-red" => NodeRedSystem.Start(upstream, tuned: false),
            "node-red-tuned" => NodeRedSystem.Start(upstream, tuned: true),
            "gateway" => await GatewaySystem.StartAsync(upstream, durable: true),
            "gateway-nondurable" => await GatewaySystem.StartAsync(upstream, durable: false),
            "gateway-aot" => await GatewaySystem.StartAsync(upstream, durable: true, aheadOfTime: true),
            _ => throw new ArgumentException("unknown system " + system),
        };

        /// <summary>Publish-to-platform time of every acknowledged frame that arrived, in milliseconds, ascending.</summary>
        public static double[] Latencies(List<PreparedPublish> frames, PlatformSubscriber arrivals) => frames
            .Where(f => f.Acknowledged && arrivals.FirstArrival.ContainsKey((f.Node!, f.Sequence)))
            .Select(f => Stopwatch.GetElapsedTime(f.SentAt, arrivals.FirstArrival[(f.Node!, f.Sequence)]).TotalMilliseconds)
            .OrderBy(l => l).ToArray();

        public static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
