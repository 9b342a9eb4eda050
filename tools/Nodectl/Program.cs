using System;
using System.CommandLine;
using Smile.Nodectl;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // A script reads the output: plain text, no colour codes.
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
}

var root = new RootCommand("nodectl: what technicians and integrators do with Smile sensor nodes and their frames");
root.Add(DecodeCommand.Create());
root.Add(EncodeCommand.Create());
root.Add(AirtimeCommand.Create());
root.Add(BatteryCommand.Create());
root.Add(ProvisionCommand.Create());
root.Add(CaCommand.Create());
root.Add(FlashCommand.Create());
root.Add(TailCommand.Create());
return await root.Parse(args).InvokeAsync();
