using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Smile.Node;
using Smile.Nodectl.Flash;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl flash: nanoFramework and the node app onto a board with nanoff, then the node's config over the serial
    /// console. Checks everything it can before touching the board (config valid, image present, nanoff installed),
    /// so it does nothing half-way; --print only shows the commands. Exit codes: 0 done, 1 the node refused or did not
    /// answer, 2 bad input, 3 nanoff missing, 4 a nanoff step failed.
    /// </summary>
    public static class FlashCommand
    {
        public static Command Create()
        {
            var config = new Argument<FileInfo>("config") { Description = "the node's config (from nodectl provision)" };
            var port = new Option<string>("--port", "-p") { Description = "the node's serial port", DefaultValueFactory = _ => "/dev/ttyUSB0" };
            var target = new Option<string?>("--target") { Description = "nanoff target (default from the config's Board)" };
            var image = new Option<FileInfo>("--image") { Description = "the app's deployment image", DefaultValueFactory = _ => new FileInfo("firmware/Smile.Node.App/bin/Release/Smile.Node.App.bin") };
            var configOnly = new Option<bool>("--config-only") { Description = "the board already runs the app: only push the config" };
            var print = new Option<bool>("--print") { Description = "print the nanoff commands and do nothing" };
            var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the node's console", DefaultValueFactory = _ => 60 };
            var command = new Command("flash", "flash nanoFramework and the app with nanoff, then push the node's config over the serial console")
            {
                config, port, target, image, configOnly, print, timeout,
            };
            command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(port)!, parse.GetValue(target), parse.GetValue(image)!,
                parse.GetValue(configOnly), parse.GetValue(print), parse.GetValue(timeout), Console.Out, Console.Error));
            return command;
        }

        public static int Run(FileInfo configFile, string port, string? target, FileInfo image, bool configOnly, bool print, int timeoutSeconds, TextWriter output, TextWriter errors)
        {
            NodeConfig? config = Load(configFile, errors);
            if (config == null)
            {
                return 2;
            }

            var plan = NanoffPlan.Commands(target ?? NanoffPlan.Target(config.Board), port, image.FullName);
            if (print)
            {
                plan.ForEach(step => output.WriteLine(NanoffPlan.Show(step)));
                output.WriteLine("then: nodectl flash " + configFile.Name + " --port " + port + " --config-only");
                return 0;
            }

            if (!configOnly)
            {
                string? nanoff = NanoffPlan.Find();
                if (nanoff == null)
                {
                    errors.WriteLine("nodectl flash: nanoff is not on PATH; nothing was done. Install it: " + NanoffPlan.Install);
                    errors.WriteLine("The commands it would run:");
                    plan.ForEach(step => errors.WriteLine("  " + NanoffPlan.Show(step)));
                    return 3;
                }

                if (!image.Exists)
                {
                    errors.WriteLine("nodectl flash: the app image " + image.FullName + " does not exist (build Smile.Node.App.nfproj, README \"Firmware builds\"); nothing was done");
                    return 2;
                }

                foreach (string[] step in plan)
                {
                    output.WriteLine("running: " + NanoffPlan.Show(step));
                    int code = RunTool(nanoff, step);
                    if (code != 0)
                    {
                        errors.WriteLine("nodectl flash: nanoff exited with " + code + " at: " + NanoffPlan.Show(step));
                        return 4;
                    }
                }
            }

            output.WriteLine("provisioning " + config.NodeId + " over " + port + " (reset the node with the BOOT button held if it is already provisioned)");
            using SerialConsole console = SerialConsole.Open(port);
            var provisioning = new ConsoleProvisioning(console, timeoutSeconds * 1000);
            string? problem = provisioning.Push(config.NodeId, JsonSerializer.Serialize(config));
            foreach (string line in provisioning.Transcript)
            {
                output.WriteLine("  node: " + line);
            }

            if (problem != null)
            {
                errors.WriteLine("nodectl flash: " + problem);
                return 1;
            }

            output.WriteLine(config.NodeId + " is provisioned; its first uplink follows within its send interval (hardware/flashing.md §5)");
            return 0;
        }

        private static NodeConfig? Load(FileInfo file, TextWriter errors)
        {
            NodeConfig? config;
            try
            {
                config = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(file.FullName));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                errors.WriteLine("nodectl flash: " + file.FullName + ": " + e.Message);
                return null;
            }

            string[] problems = config == null ? new[] { "empty document" } : NodeConfigValidator.Validate(config);
            foreach (string problem in problems)
            {
                errors.WriteLine("nodectl flash: " + file.Name + ": " + problem);
            }

            return problems.Length == 0 ? config : null;
        }

        private static int RunTool(string tool, string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { UseShellExecute = false };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
