using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using Smile.Bench;
using Smile.Place;

// smile-bench: the gateway beside a mosquitto bridge and Node-RED, same machine, same load, alternating runs.
var messages = new Option<int>("--messages") { Description = "frames per throughput run", DefaultValueFactory = _ => 100_000 };
var paced = new Option<int>("--paced-messages") { Description = "frames per paced run (at --rate)", DefaultValueFactory = _ => 50_000 };
var rate = new Option<double>("--rate") { Description = "messages per second of the paced run", DefaultValueFactory = _ => 5000 };
var nodes = new Option<int>("--nodes") { Description = "node ids", DefaultValueFactory = _ => 100 };
var rounds = new Option<int>("--rounds") { Description = "runs of each system (alternating)", DefaultValueFactory = _ => 3 };
var systems = new Option<string>("--systems") { Description = "comma-separated", DefaultValueFactory = _ => "bridge,node-red,gateway,bridge-tuned,node-red-tuned,gateway-nondurable" };
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

var root = new RootCommand("smile-bench: the gateway beside the tools users run today") { throughput };
return await root.Parse(args).InvokeAsync();
