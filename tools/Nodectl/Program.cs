using System.CommandLine;
using Smile.Nodectl;

var root = new RootCommand("nodectl: what technicians and integrators do with Smile sensor nodes and their frames");
root.Add(DecodeCommand.Create());
root.Add(EncodeCommand.Create());
return root.Parse(args).Invoke();
