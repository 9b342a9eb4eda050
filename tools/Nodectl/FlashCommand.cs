using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using Smile.Node;
using Smile.Nodectl.Flash;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl flash: nanoFramework and the node app onto a board with nanoff, then the node's config with nanoff's
    /// file deployment over the debug link (the node reads I:\config.json; it has no provisioning console: UART0
    /// carries nanoFramework's wire protocol). Checks everything it can before touching the board (config accepted
    /// by the firmware's own reader and validator, image present, nanoff installed), so it does nothing half-way;
    /// --print only shows the commands. Exit codes: 0 done, 2 bad input, 3 nanoff missing, 4 a nanoff step failed.
    /// </summary>
    public static class FlashCommand
    {
        public static Command Create()
        {
            var config = new Argument<FileInfo>("config") { Description = "the node's config (from nodectl provision)" };
            var port = new Option<string>("--port", "-p") { Description = "the node's serial port", DefaultValueFactory = _ => "/dev/ttyUSB0" };
            var target = new Option<string?>("--target") { Description = "nanoff target (default from the config's Board)" };
            var image = new Option<FileInfo>("--image") { Description = "the app's deployment image", DefaultValueFactory = _ => new FileInfo("firmware/Smile.Node.App/bin/Release/Smile.Node.App.bin") };
            var configOnly = new Option<bool>("--config-only") { Description = "the board already runs the app: only deploy the config (reset the node first)" };
            var print = new Option<bool>("--print") { Description = "print the nanoff commands and do nothing" };
            var command = new Command("flash", "flash nanoFramework and the app with nanoff, then deploy the node's config over the debug link (nanoff --filedeployment)")
            {
                config, port, target, image, configOnly, print,
            };
            command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(port)!, parse.GetValue(target), parse.GetValue(image)!,
                parse.GetValue(configOnly), parse.GetValue(print), Console.Out, Console.Error));
            return command;
        }

        public static int Run(FileInfo configFile, string port, string? target, FileInfo image, bool configOnly, bool print, TextWriter output, TextWriter errors)
        {
            NodeConfig? config = ConfigCheck.Load(configFile, errors);
            if (config == null)
            {
                return 2;
            }

            var plan = configOnly ? new System.Collections.Generic.List<string[]>() : NanoffPlan.Commands(target ?? NanoffPlan.Target(config.Board), port, image.FullName);
            string[] deployConfig = NanoffPlan.FileDeployment(ConfigDeployment.Write(config.NodeId, port, configFile.FullName));
            plan.Add(deployConfig);
            if (print)
            {
                plan.ForEach(step => output.WriteLine(NanoffPlan.Show(step)));
                return 0;
            }

            string? nanoff = NanoffPlan.Find();
            if (nanoff == null)
            {
                errors.WriteLine("nodectl flash: nanoff is not on PATH; nothing was done. Install it: " + NanoffPlan.Install);
                errors.WriteLine("The commands it would run:");
                plan.ForEach(step => errors.WriteLine("  " + NanoffPlan.Show(step)));
                return 3;
            }

            if (!configOnly && !image.Exists)
            {
                errors.WriteLine("nodectl flash: the app image " + image.FullName + " does not exist (build Smile.Node.App.nfproj, firmware/README.md \"Build\"); nothing was done");
                return 2;
            }

            foreach (string[] step in plan)
            {
                output.WriteLine("running: " + NanoffPlan.Show(step));
                string? failure = RunTool(nanoff, step, output);
                if (failure != null)
                {
                    errors.WriteLine("nodectl flash: " + failure + " at: " + NanoffPlan.Show(step));
                    if (step == deployConfig)
                    {
                        errors.WriteLine("The node takes a config for " + ConfigWaitMinutes + " minutes after power-up or reset (EN) and is out of reach while it sleeps: reset it and run nodectl flash " + configFile.Name + " --port " + port + " --config-only");
                    }

                    return 4;
                }
            }

            output.WriteLine(config.NodeId + " has its config; it reads it within a second and its first uplink follows within its send interval (hardware/flashing.md §5)");
            return 0;
        }

        /// <summary>Program.ConfigWaitSeconds of the node app, in minutes.</summary>
        private const int ConfigWaitMinutes = 2;

        /// <summary>Runs nanoff with its output passed on; the reason it failed, or null.</summary>
        private static string? RunTool(string tool, string[] arguments, TextWriter output)
        {
            var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            string said = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            output.Write(said);
            if (process.ExitCode != 0)
            {
                return "nanoff exited with " + process.ExitCode;
            }

            // nanoff's file deployment prints a failed file and still exits 0 (FileDeploymentManager.DeployAsync,
            // nanoFirmwareFlasher.Library/FileDeployment/FileDeploymentManager.cs), so its output is the only sign.
            return said.Contains("Error deploying content file") || said.Contains("Exception deploying content file")
                ? "nanoff could not write " + ConfigDeployment.DevicePath + " on the node"
                : null;
        }
    }
}
