using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Smile.Bench.Systems;
using Smile.Simulation.Place;

namespace Smile.Bench
{
    /// <summary>
    /// A steady stream for minutes, the regime a busy Smile Place lives in (issue 13: 1,000 msg/s for 10 minutes).
    /// Short runs hide what grows with time: the de-duplication keys, the buffer file, a leak. The system's resident
    /// memory is sampled every few seconds, CPU and bytes written are per message over the whole stream.
    /// </summary>
    public static class Soak
    {
        public sealed record RssSample(double Seconds, double RssMiB);

        /// <summary>A message that took long: when it was sent (seconds into the stream; UTC) and how long it took to arrive.</summary>
        public sealed record SlowMessage(double SentAtSeconds, double Ms, string SentAtUtc = "");

        public sealed record SoakResult(
            string System, double Rate, double Minutes, int Nodes, int Published, int Arrived, int Lost,
            double P50Ms, double P99Ms, double MaxMs, double CpuMicrosecondsPerMessage, double BytesWrittenPerMessage,
            double PeakRssMiB, double DataMiB, List<RssSample> Rss, List<SlowMessage> Slowest, InstrumentPauses Instrument);

        /// <summary>The instrument's own garbage collections during the stream: a pause of its own delays what it measures.</summary>
        public sealed record InstrumentPauses(int FullCollections, double TotalPauseMs, double LastFullPauseMs);

        /// <summary>
        /// Streams rate × duration frames to a fresh system. They rotate over the node ids: each node's sequence counts
        /// up to 4,095 and then repeats, and a repeat inside the de-duplication window is a duplicate, so nodes × 4,096
        /// must exceed the frames.
        /// </summary>
        public static async Task<SoakResult> RunAsync(string system, double rate, TimeSpan duration, int nodes, TimeSpan sampleEvery)
        {
            int messages = (int)(rate * duration.TotalSeconds);
            if (messages > nodes * 4096)
            {
                throw new ArgumentException(messages + " frames over " + nodes + " nodes would repeat sequence numbers; use at least " + (messages / 4096 + 1) + " nodes");
            }

            using Mosquitto upstream = Mosquitto.Start();
            using ISystemUnderTest sut = await Runner.StartAsync(system, upstream);
            await using PlatformSubscriber arrivals = await PlatformSubscriber.ConnectAsync(upstream, sut.UpstreamFilter, sut.Shape, keepMessages: false, expected: messages);
            List<PreparedPublish> frames = StandardFrames.RoundRobin("soak-", nodes, messages);
            await using FramePublisher load = await FramePublisher.ConnectAsync(sut.Local, "bench-nodes");
            ProcessStats before = ProcessStats.Read(sut.Pid);
            int fullBefore = GC.CollectionCount(2);
            TimeSpan pausedBefore = GC.GetTotalPauseDuration();
            var rss = new List<RssSample>();
            using var sampling = new CancellationTokenSource();
            Task sampler = SampleAsync(sut.Pid, sampleEvery, rss, sampling.Token);
            await load.StreamAsync(frames, rate);
            await arrivals.WaitArrivalsAsync(load.Acknowledged().Count, TimeSpan.FromSeconds(30));
            sampling.Cancel();
            await sampler;

            ProcessStats used = ProcessStats.Read(sut.Pid).Since(before);
            var instrument = new InstrumentPauses(GC.CollectionCount(2) - fullBefore, (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds,
                GC.GetGCMemoryInfo(GCKind.FullBlocking).PauseDurations.ToArray().Sum(p => p.TotalMilliseconds));
            double[] latencies = Runner.Latencies(frames, arrivals);
            int arrived = arrivals.FirstArrival.Count;
            int lost = frames.Count(f => f.Acknowledged && !arrivals.FirstArrival.ContainsKey((f.Node!, f.Sequence)));
            double data = sut is GatewaySystem gateway ? FolderBytes(gateway.Process.DataDirectory) / 1048576.0 : 0;
            return new SoakResult(sut.Name, rate, duration.TotalMinutes, nodes, frames.Count, arrived, lost,
                Runner.Percentile(latencies, 0.50), Runner.Percentile(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : 0,
                arrived > 0 ? used.CpuSeconds * 1e6 / arrived : 0, arrived > 0 ? (double)used.WriteBytes / arrived : 0,
                used.PeakRssBytes / 1048576.0, data, rss, Slowest(frames, arrivals, 10), instrument);
        }

        /// <summary>
        /// The slowest message of each of the <paramref name="count"/> slowest seconds of the stream, with when it was
        /// sent (seconds into the stream and the wall clock), so an outlier can be laid beside what the system does on a
        /// schedule (the buffer's minutely prune, its checkpoints, the once-a-second delete) or a log of the machine.
        /// </summary>
        private static List<SlowMessage> Slowest(List<PreparedPublish> frames, PlatformSubscriber arrivals, int count)
        {
            long start = frames.Where(f => f.Acknowledged).Select(f => f.SentAt).DefaultIfEmpty().Min();
            DateTime startUtc = DateTime.UtcNow - Stopwatch.GetElapsedTime(start);
            return frames
                .Where(f => f.Acknowledged && arrivals.FirstArrival.ContainsKey((f.Node!, f.Sequence)))
                .Select(f => new SlowMessage(Stopwatch.GetElapsedTime(start, f.SentAt).TotalSeconds, Stopwatch.GetElapsedTime(f.SentAt, arrivals.FirstArrival[(f.Node!, f.Sequence)]).TotalMilliseconds))
                .GroupBy(m => (int)m.SentAtSeconds, (_, second) => second.MaxBy(m => m.Ms)!)
                .OrderByDescending(m => m.Ms).Take(count).OrderBy(m => m.SentAtSeconds)
                .Select(m => m with { SentAtUtc = startUtc.AddSeconds(m.SentAtSeconds).ToString("HH:mm:ss.f", CultureInfo.InvariantCulture) })
                .ToList();
        }

        public static void Write(string folder, SoakResult result, Dictionary<string, string> environment)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "soak.json"), JsonSerializer.Serialize(new { environment, result }, new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(folder, "soak.md"), Markdown(result, environment));
        }

        public static string Markdown(SoakResult r, Dictionary<string, string> environment)
        {
            var md = new StringBuilder();
            md.Append("Measured ").Append(environment["date"]).Append(" on ").Append(environment["machine"]).Append(".\n\n");
            md.Append("**").Append(r.System).Append(", ").Append(F(r.Rate, "0")).Append(" msg/s for ").Append(F(r.Minutes, "0.#"))
              .Append(" minutes over ").Append(r.Nodes).Append(" node ids**\n\n");
            md.Append("| frames | arrived | lost | p50 ms | p99 ms | max ms | CPU µs/msg | bytes written/msg | peak RSS MiB | data folder MiB at the end |\n");
            md.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            md.Append("| ").Append(r.Published).Append(" | ").Append(r.Arrived).Append(" | ").Append(r.Lost)
              .Append(" | ").Append(F(r.P50Ms, "0.0")).Append(" | ").Append(F(r.P99Ms, "0.0")).Append(" | ").Append(F(r.MaxMs, "0"))
              .Append(" | ").Append(F(r.CpuMicrosecondsPerMessage, "0")).Append(" | ").Append(F(r.BytesWrittenPerMessage, "0"))
              .Append(" | ").Append(F(r.PeakRssMiB, "0.0")).Append(" | ").Append(F(r.DataMiB, "0.0")).Append(" |\n\n");
            md.Append("Resident memory, one sample a minute (MiB): ")
              .Append(string.Join(", ", r.Rss.Where((_, i) => i % Math.Max(1, r.Rss.Count / Math.Max(1, (int)r.Minutes)) == 0).Select(s => F(s.Seconds / 60, "0") + " min " + F(s.RssMiB, "0.0"))))
              .Append(".\n\nThe slowest second's slowest message, for the ").Append(r.Slowest.Count).Append(" slowest seconds: sent at (s into the stream, UTC), took (ms): ")
              .Append(string.Join(", ", r.Slowest.Select(m => F(m.SentAtSeconds, "0.0") + " s (" + m.SentAtUtc + ") " + F(m.Ms, "0") + " ms")))
              .Append(".\n\nThe instrument's own garbage collections meanwhile: ").Append(r.Instrument.FullCollections).Append(" of generation 2, ")
              .Append(F(r.Instrument.TotalPauseMs, "0")).Append(" ms paused in all; the last full blocking one (any time in the process) paused ")
              .Append(F(r.Instrument.LastFullPauseMs, "0")).Append(" ms")
              .Append(".\n\nEnvironment: ").Append(string.Join("; ", environment.Select(e => e.Key + " " + e.Value))).Append(".\n");
            return md.ToString();
        }

        private static async Task SampleAsync(int pid, TimeSpan every, List<RssSample> samples, CancellationToken stop)
        {
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                samples.Add(new RssSample(clock.Elapsed.TotalSeconds, ProcessStats.ResidentBytes(pid) / 1048576.0));
                try
                {
                    await Task.Delay(every, stop);
                }
                catch (OperationCanceledException)
                {
                    // The stream ended.
                }
            }
        }

        private static long FolderBytes(string folder) =>
            new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

        private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
