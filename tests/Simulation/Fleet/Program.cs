using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using Smile.Simulation.Fleet;

// smile-fleet: N simulated nodes (the firmware's own code, simulated modems and clock) against a local broker.
var nodes = new Option<int>("--nodes") { Description = "how many nodes", DefaultValueFactory = _ => 200 };
var host = new Option<string>("--host") { Description = "the Smile Place broker", DefaultValueFactory = _ => "127.0.0.1" };
var port = new Option<int>("--port") { Description = "its port", DefaultValueFactory = _ => 1883 };
var speed = new Option<double>("--speed") { Description = "fleet seconds per real second", DefaultValueFactory = _ => 60 };
var seconds = new Option<int>("--seconds") { Description = "how long to run (real seconds)", DefaultValueFactory = _ => 60 };
var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
var wifi = new Option<double>("--wifi-share") { Description = "share of Wi-Fi nodes, 0 to 1 (the rest are LoRaWAN)", DefaultValueFactory = _ => 0.3 };
var qos = new Option<int>("--chirpstack-qos") { Description = "the simulated ChirpStack's [integration.mqtt] qos (ChirpStack's default 0; docs/operations.md sets 1)", DefaultValueFactory = _ => 0 };
var root = new RootCommand("smile-fleet: simulated Smile nodes, Wi-Fi on the broker and LoRaWAN through a simulated ChirpStack") { nodes, host, port, speed, seconds, seed, wifi, qos };
root.SetAction(async (parse, cancel) =>
{
    var runner = new FleetRunner(parse.GetValue(nodes), parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(speed), parse.GetValue(seed), parse.GetValue(wifi),
        parse.GetValue(qos) == 1 ? Smile.Mqtt.QoS.AtLeastOnce : Smile.Mqtt.QoS.AtMostOnce);
    await runner.RunAsync(TimeSpan.FromSeconds(parse.GetValue(seconds)), cancel);
    Console.WriteLine(runner.Nodes.Count + " nodes, " + runner.Published.Count + " uplinks acknowledged by the broker");
    foreach (var group in runner.Nodes.GroupBy(n => (n.Wifi ? "wifi" : "lorawan") + ", fault " + n.Fault))
    {
        Console.WriteLine("  " + group.Key + ": " + group.Count() + " nodes, " + group.Sum(n => n.FramesSent) + " frames sent, "
            + group.Sum(n => n.Buffered) + " samples still buffered");
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();
