using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Smile.Codec.Bench;
using Smile.Frames;

// smile-codec-bench [--out folder]: BenchmarkDotNet over the codec and Cayenne LPP, then sizes side by side.
string output = args.Length == 2 && args[0] == "--out" ? args[1] : "bench/results";
// In process: no generated project to restore (the package registry here is a partial copy), the short-run job's
// 3 warm-ups and 3 iterations, artifacts outside the repository.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "smile-codec-bench"));
Summary summary = BenchmarkRunner.Run<CodecBenchmarks>(config);
var encoder = new FrameEncoder();
string sizes = "| readings | v1 frame | Cayenne LPP |\n| --- | ---: | ---: |\n"
    + "| standard set, 1 sample | " + encoder.EncodeToArray(Readings.Frame(1), 256, new EncodeResult())!.Length + " bytes | " + Readings.Lpp(1).Length + " bytes |\n"
    + "| standard set, 10 samples 5 min apart | " + encoder.EncodeToArray(Readings.Frame(10), 256, new EncodeResult())!.Length + " bytes | " + Readings.Lpp(10).Length + " bytes (no times) |\n";
string table = "| benchmark | mean ns | allocated bytes |\n| --- | ---: | ---: |\n" + string.Join("\n", summary.Reports.Select(r =>
    "| " + r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo + " | " + (r.ResultStatistics?.Mean ?? double.NaN).ToString("0.0") + " | "
    + (r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0) + " |")) + "\n";
Directory.CreateDirectory(output);
string text = "Measured " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'") + " on " + Environment.ProcessorCount + " cores, .NET " + Environment.Version
    + " (BenchmarkDotNet 0.14.0, short run in process).\n\n" + table + "\n" + sizes;
File.WriteAllText(Path.Combine(output, "codec.md"), text);
Console.WriteLine(text);
