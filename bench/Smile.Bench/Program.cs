using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Runtime;
using Smile.Bench;
using Smile.Simulation.Place;

// smile-bench: the gateway beside a mosquitto bridge and Node-RED, same machine, same load, alternating runs, each
// round starting with the broker alone (the instrument's baseline: load generator → mosquitto → subscriber).

// The instrument keeps every frame and arrival of a run in memory (hundreds of MB in a 10-minute soak): its own
// collections paused the subscriber and the load for 350-550 ms, with the gateway and both brokers idle meanwhile, and
// the soak reported that as the gateway's maximum latency. Fewer and shorter blocking collections from here on (with
// the subscriber's tables sized for the run: docs/performance-syscalls-2026-11-30.md, eleventh round).
GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
var messages = new Option<int>("--messages") { Description = "frames per throughput run", DefaultValueFactory = _ => 100_000 };
var paced = new Option<int>("--paced-messages") { Description = "frames per paced run (at --rate)", DefaultValueFactory = _ => 50_000 };
var rate = new Option<double>("--rate") { Description = "messages per second of the paced run", DefaultValueFactory = _ => 5000 };
var nodes = new Option<int>("--nodes") { Description = "node ids", DefaultValueFactory = _ => 100 };
var rounds = new Option<int>("--rounds") { Description = "runs of each system (alternating)", DefaultValueFactory = _ => 3 };
var systems = new Option<string>("--systems") { Description = "comma-separated", DefaultValueFactory = _ => "broker,bridge,node-red,gateway,gateway-aot,bridge-tuned,node-red-tuned,gateway-nondurable" };
var output = new Option<string>("--out") { Description = "results folder", DefaultValueFactory = _ => RepoPaths.Of("bench", "results") };
var throughput = new Command("throughput", "throughput, latency and resources of each system, alternating runs") { messages, paced, rate, nodes, rounds, systems, output };
throughput.SetAction(async parse =>
{
    var results = new List<RunResult>();
    string[] order = parse.GetValue(systems)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    for (int round = 1; round <= parse.GetValue(rounds); round++)
    {
        foreach (string system in order)
        {
            RunResult run = await Runner.RunAsync(system, "as fast as a 200-message window allows, " + parse.GetValue(messages) + " frames", round, parse.GetValue(messages), parse.GetValue(nodes), 0);
            Console.WriteLine(run);
            results.Add(run);
        }
    }

    for (int round = 1; round <= parse.GetValue(rounds); round++)
    {
        foreach (string system in order.Where(s => !s.EndsWith("-tuned") && !s.EndsWith("-nondurable")))
        {
            RunResult run = await Runner.RunAsync(system, "paced at " + parse.GetValue(rate) + " msg/s, " + parse.GetValue(paced) + " frames", round, parse.GetValue(paced), parse.GetValue(nodes), parse.GetValue(rate));
            Console.WriteLine(run);
            results.Add(run);
        }
    }

    Report.Write(parse.GetValue(output)!, "throughput", results, Machine.Describe());
    Console.WriteLine(Report.Markdown(results, Machine.Describe()));
    return 0;
});

var kills = new Option<int>("--kills") { Description = "SIGKILLs per system in the kill scenario", DefaultValueFactory = _ => 50 };
var outage = new Option<int>("--outage-seconds") { Description = "how long the platform broker is down", DefaultValueFactory = _ => 300 };
var streamRate = new Option<double>("--rate") { Description = "msg/s of the streams", DefaultValueFactory = _ => 1000 };
var fuzz = new Option<int>("--fuzz") { Description = "frames through the decoder", DefaultValueFactory = _ => 10_000_000 };
var liveFuzz = new Option<int>("--live-fuzz") { Description = "frames through the live gateway", DefaultValueFactory = _ => 100_000 };
var peers = new Option<string>("--peers") { Description = "peers for the kill and outage scenarios", DefaultValueFactory = _ => "bridge,node-red" };
var faultsOut = new Option<string>("--out") { Description = "results folder", DefaultValueFactory = _ => RepoPaths.Of("bench", "results") };
var only = new Option<string>("--scenarios") { Description = "which: kills,outage,restart,full,fuzz (a partial run replaces those rows of the results)", DefaultValueFactory = _ => "kills,outage,restart,full,fuzz" };
var faults = new Command("faults", "kills, outages, a broker restart, a full buffer and fuzzing; the gateway and the peers") { kills, outage, streamRate, fuzz, liveFuzz, peers, faultsOut, only };
faults.SetAction(async parse =>
{
    var results = new List<Smile.Bench.Faults.FaultResult>();
    void Add(Smile.Bench.Faults.FaultResult result)
    {
        Console.WriteLine(result);
        results.Add(result);
    }

    string[] all = new[] { "gateway" }.Concat(parse.GetValue(peers)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
    string[] chosen = parse.GetValue(only)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    foreach (string system in chosen.Contains("kills") ? all : Array.Empty<string>())
    {
        Add(await Smile.Bench.Faults.Scenarios.KillsAsync(system, parse.GetValue(kills), parse.GetValue(streamRate), seed: 50));
    }

    foreach (string system in chosen.Contains("outage") ? all : Array.Empty<string>())
    {
        Add(await Smile.Bench.Faults.Scenarios.UpstreamOutageAsync(system, parse.GetValue(outage), parse.GetValue(streamRate)));
    }

    if (chosen.Contains("restart"))
    {
        Add(await Smile.Bench.Faults.Scenarios.LocalRestartAsync("gateway", parse.GetValue(streamRate)));
    }

    if (chosen.Contains("full"))
    {
        Add(await Smile.Bench.Faults.Scenarios.BufferFullAsync(20_000, 1024 * 1024));
    }

    if (chosen.Contains("fuzz"))
    {
        Add(Smile.Bench.Faults.Scenarios.DecoderFuzz(parse.GetValue(fuzz), seed: 10));
        Add(await Smile.Bench.Faults.Scenarios.LiveFuzzAsync(parse.GetValue(liveFuzz), seed: 11));
    }

    Smile.Bench.Faults.FaultReport.Write(parse.GetValue(faultsOut)!, results, Machine.Describe(), chosen.Length < 5);
    return 0;
});

var soakSystem = new Option<string>("--system") { Description = "the system to stream to", DefaultValueFactory = _ => "gateway-aot" };
var soakRate = new Option<double>("--rate") { Description = "messages per second", DefaultValueFactory = _ => 1000 };
var soakMinutes = new Option<double>("--minutes") { Description = "how long the stream runs", DefaultValueFactory = _ => 10 };
var soakNodes = new Option<int>("--nodes") { Description = "node ids (each repeats its sequence numbers after 4,096 frames)", DefaultValueFactory = _ => 1000 };
var soakOut = new Option<string>("--out") { Description = "results folder", DefaultValueFactory = _ => RepoPaths.Of("bench", "results") };
var soak = new Command("soak", "a steady stream for minutes: memory over time, CPU and bytes written per message") { soakSystem, soakRate, soakMinutes, soakNodes, soakOut };
soak.SetAction(async parse =>
{
    Soak.SoakResult result = await Soak.RunAsync(parse.GetValue(soakSystem)!, parse.GetValue(soakRate), TimeSpan.FromMinutes(parse.GetValue(soakMinutes)), parse.GetValue(soakNodes), TimeSpan.FromSeconds(5));
    Soak.Write(parse.GetValue(soakOut)!, result, Machine.Describe());
    Console.WriteLine(Soak.Markdown(result, Machine.Describe()));
    return 0;
});

var root = new RootCommand("smile-bench: the gateway beside the tools users run today") { throughput, faults, soak };
return await root.Parse(args).InvokeAsync();
