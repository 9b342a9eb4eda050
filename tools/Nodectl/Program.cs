using System.CommandLine;
using Smile.Nodectl;

var root = new RootCommand("nodectl: what technicians and integrators do with Smile sensor nodes and their frames");
root.Add(DecodeCommand.Create());
root.Add(EncodeCommand.Create());
root.Add(AirtimeCommand.Create());
root.Add(BatteryCommand.Create());
return root.Parse(args).Invoke();
