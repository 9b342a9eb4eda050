using System;
using System.CommandLine;
using System.Threading;
using Smile.Demo;
using Spectre.Console;

// smile-demo: the README's main command. A Smile Place on loopback, shown as an integrator receives it.
var nodes = new Option<int>("--nodes") { Description = "simulated nodes", DefaultValueFactory = _ => 60 };
var wifi = new Option<double>("--wifi-share") { Description = "share of Wi-Fi nodes (the rest are LoRaWAN)", DefaultValueFactory = _ => 0.4 };
var speed = new Option<double>("--speed") { Description = "fleet seconds per real second", DefaultValueFactory = _ => 60 };
var seconds = new Option<int>("--seconds") { Description = "run this long, then print a summary (exit 1 if a sample was lost); 0: until Ctrl+C", DefaultValueFactory = _ => 0 };
var seed = new Option<int>("--seed") { Description = "random seed of the fleet", DefaultValueFactory = _ => 1 };
var plain = new Option<bool>("--plain") { Description = "progress lines instead of the live table (automatic when output is not a terminal)" };
var city = new Option<bool>("--city") { Description = "the city instead: several Smile Places, a 3-member nats-server cluster, two ingest instances and PostgreSQL (--seconds, default 60)" };
var places = new Option<int>("--places") { Description = "with --city: Smile Places", DefaultValueFactory = _ => 3 };
var rate = new Option<int>("--rate") { Description = "with --city: frames per second per Smile Place", DefaultValueFactory = _ => 100 };
var faults = new Option<bool>("--city-faults") { Description = "with --city: SIGKILL a cluster member and an ingest instance a third of the way in" };
var root = new RootCommand("smile-demo: brokers, gateway and a simulated fleet on loopback, with the integrator's live view")
{
    nodes, wifi, speed, seconds, seed, plain, city, places, rate, faults,
};
root.SetAction(async (parse, _) =>
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        // The first Ctrl+C stops the fleet and everything the demo started, cleanly.
        e.Cancel = true;
        stop.Cancel();
    };
    if (parse.GetValue(city))
    {
        int cityNodes = parse.GetResult(nodes) == null ? 20 : parse.GetValue(nodes);
        return await new CityRun(new CityOptions { Places = parse.GetValue(places), RatePerPlace = parse.GetValue(rate), Nodes = cityNodes, Seconds = parse.GetValue(seconds) is > 0 and int s ? s : 60, Faults = parse.GetValue(faults) })
            .RunAsync(stop.Token);
    }

    var options = new DemoOptions
    {
        Nodes = parse.GetValue(nodes),
        WifiShare = parse.GetValue(wifi),
        Speed = parse.GetValue(speed),
        Seconds = parse.GetValue(seconds),
        Seed = parse.GetValue(seed),
        Live = !parse.GetValue(plain) && !Console.IsOutputRedirected,
    };
    if (Console.IsOutputRedirected)
    {
        // A script reads the output: no colour codes.
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
    }

    return await new DemoRun(options).RunAsync(stop.Token);
});
return await root.Parse(args).InvokeAsync();
