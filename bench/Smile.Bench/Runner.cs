using System;
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
            await using Arrivals arrivals = await Arrivals.StartAsync(upstream, sut.UpstreamFilter, sut.Shape);
            ProcessStats before = ProcessStats.Read(sut.Pid);
            var load = new Load(nodes);
            long started = Stopwatch.GetTimestamp();
            await load.RunAsync(sut.Local, messages, window: 200, rate);

            await arrivals.WaitAsync(load.Acknowledged.Count, TimeSpan.FromSeconds(10));

            ProcessStats used = ProcessStats.Read(sut.Pid).Since(before);
            double[] latencies = arrivals.FirstArrival
                .Where(a => load.SentAt.ContainsKey(a.Key))
                .Select(a => Stopwatch.GetElapsedTime(load.SentAt[a.Key], a.Value).TotalMilliseconds)
                .OrderBy(l => l).ToArray();
            long last = arrivals.FirstArrival.Count > 0 ? arrivals.FirstArrival.Values.Max() : started;
            int lost = load.Acknowledged.Keys.Count(k => !arrivals.FirstArrival.ContainsKey(k));
            double seconds = Stopwatch.GetElapsedTime(started, last).TotalSeconds;
            return new RunResult(sut.Name, scenario, round, messages, load.Acknowledged.Count, arrivals.FirstArrival.Count, lost, arrivals.Duplicates,
                seconds > 0 ? arrivals.FirstArrival.Count / seconds : 0,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
                used.PeakRssBytes, used.CpuSeconds, arrivals.FirstArrival.Count > 0 ? (double)used.WriteBytes / arrivals.FirstArrival.Count : 0);
        }

        public static async Task<ISystemUnderTest> StartAsync(string system, Mosquitto upstream) => system switch
        {
            "bridge" => BridgeSystem.Start(upstream, tuned: false),
            "bridge-tuned" => BridgeSystem.Start(upstream, tuned: true),
            "node-red" => NodeRedSystem.Start(upstream, tuned: false),
            "node-red-tuned" => NodeRedSystem.Start(upstream, tuned: true),
            "gateway" => await GatewaySystem.StartAsync(upstream, durable: true),
            "gateway-nondurable" => await GatewaySystem.StartAsync(upstream, durable: false),
            _ => throw new ArgumentException("unknown system " + system),
        };

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
