using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Smile.Node;
using Smile.Nodectl.Flash;
using Smile.Nodectl.Provision;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>
    /// nodectl flash with nanoff missing, failing, or present: a stand-in script that logs its arguments and keeps a
    /// copy of the --filedeployment document (no board is attached here, so nothing is flashed).
    /// </summary>
    [Collection("PATH")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class FlashTests : IDisposable
    {
        private const string Port = "/dev/ttyUSB7";
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-flash-").FullName;
        private readonly StringWriter _output = new StringWriter();
        private readonly StringWriter _errors = new StringWriter();

        public FlashTests()
        {
            File.WriteAllText(Path.Combine(_folder, "nodes.csv"), "id,site,transport,board\nhro-hafen-02,stadthafen,wifi,esp32-s3\n");
            var options = new ProvisionOptions { MqttHost = "192.168.4.1", MqttPort = 1883, WifiSsid = "smile-place", WifiPassword = "place-password" };
            new Provisioner(options, _folder).Run(NodeSheet.Read(Path.Combine(_folder, "nodes.csv")));
            File.WriteAllText(Image.FullName, "app image");
        }

        private FileInfo Config => new FileInfo(Path.Combine(_folder, "nodes", "hro-hafen-02.json"));

        private FileInfo Image => new FileInfo(Path.Combine(_folder, "Smile.Node.App.bin"));

        private string Log => Path.Combine(_folder, "nanoff.log");

        private string Deployment => Path.Combine(_folder, "deployment.json");

        /// <summary>Logs the arguments; for --filedeployment, keeps the document as nanoff would read it.</summary>
        private string StandInNanoff(string then = "") =>
            "echo \"$@\" >> " + Log + "\nif [ \"$1\" = --filedeployment ]; then cp \"$2\" " + Deployment + "; fi\n" + then;

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void It_flashes_the_firmware_deploys_the_app_then_deploys_the_config_file_over_the_debug_link()
        {
            using var path = new PathOverride(_folder, StandInNanoff());

            int code = FlashCommand.Run(Config, Port, null, Image, configOnly: false, print: false, _output, _errors);

            Assert.True(code == 0, _output + "\n" + _errors);
            string[] log = File.ReadAllLines(Log);
            Assert.Equal(3, log.Length);
            Assert.Equal("--target ESP32_S3_OCTAL --serialport " + Port + " --update", log[0]);
            Assert.Equal("--target ESP32_S3_OCTAL --serialport " + Port + " --deploy --image " + Image.FullName, log[1]);
            Assert.StartsWith("--filedeployment ", log[2]);

            // nanoff's FileDeploymentConfiguration: SerialPort, Files of DestinationFilePath and SourceFilePath.
            using JsonDocument deployment = JsonDocument.Parse(File.ReadAllText(Deployment));
            Assert.Equal(Port, deployment.RootElement.GetProperty("SerialPort").GetString());
            JsonElement file = Assert.Single(deployment.RootElement.GetProperty("Files").EnumerateArray());
            Assert.Equal(@"I:\config.json", file.GetProperty("DestinationFilePath").GetString());
            string source = file.GetProperty("SourceFilePath").GetString()!;
            Assert.Equal(File.ReadAllBytes(Config.FullName), File.ReadAllBytes(source));

            // What arrives on the node is read by the firmware's own reader and passes its validator.
            var onNode = new NodeConfig();
            Assert.Empty(NodeConfigReader.Read(File.ReadAllText(source), onNode));
            Assert.Empty(NodeConfigValidator.Validate(onNode));
            Assert.Equal("hro-hafen-02", onNode.NodeId);
            Assert.Equal(JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Config.FullName))!.MqttPassword, onNode.MqttPassword);
            Assert.DoesNotContain(onNode.MqttPassword, _output.ToString());
        }

        [Fact]
        public void Config_only_runs_just_the_file_deployment()
        {
            using var path = new PathOverride(_folder, StandInNanoff());

            int code = FlashCommand.Run(Config, Port, null, Image, configOnly: true, print: false, _output, _errors);

            Assert.True(code == 0, _output + "\n" + _errors);
            Assert.StartsWith("--filedeployment ", Assert.Single(File.ReadAllLines(Log)));
            Assert.True(File.Exists(Deployment));
        }

        [Fact]
        public void A_config_the_node_would_refuse_stops_it_before_nanoff_runs()
        {
            File.WriteAllText(Config.FullName, File.ReadAllText(Config.FullName).Replace("\"SampleIntervalSeconds\"", "\"SampleIntervalSecs\""));
            using var path = new PathOverride(_folder, StandInNanoff());

            int code = FlashCommand.Run(Config, Port, null, Image, configOnly: false, print: false, _output, _errors);

            Assert.Equal(2, code);
            Assert.Matches(@"hro-hafen-02\.json: 'SampleIntervalSecs' is not a config key \(line \d+, column 3\)", _errors.ToString());
            Assert.False(File.Exists(Log));
        }

        [Fact]
        public void Without_nanoff_it_says_how_to_install_it_and_touches_nothing()
        {
            using var path = new PathOverride(_folder, nanoff: null);

            int code = FlashCommand.Run(Config, "/dev/no-such-port", null, Image, configOnly: false, print: false, _output, _errors);

            Assert.Equal(3, code);
            Assert.Contains("dotnet tool install -g nanoff", _errors.ToString());
            Assert.Contains("nanoff --target ESP32_S3_OCTAL --serialport /dev/no-such-port --update", _errors.ToString());
            Assert.Contains("nanoff --filedeployment ", _errors.ToString());
            Assert.Contains("nothing was done", _errors.ToString());
        }

        [Fact]
        public void Print_shows_the_three_nanoff_commands_and_the_deployment_file_they_use()
        {
            int code = FlashCommand.Run(Config, Port, null, Image, configOnly: false, print: true, _output, _errors);

            Assert.Equal(0, code);
            string[] lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            string deployment = lines[2].Trim().Substring("nanoff --filedeployment ".Length);
            Assert.Contains("\"SourceFilePath\": " + JsonSerializer.Serialize(Config.FullName), File.ReadAllText(deployment));
        }

        [Fact]
        public void A_failing_nanoff_step_stops_before_the_next()
        {
            using var path = new PathOverride(_folder, StandInNanoff("exit 1"));

            int code = FlashCommand.Run(Config, "/dev/no-such-port", null, Image, configOnly: false, print: false, _output, _errors);

            Assert.Equal(4, code);
            Assert.Single(File.ReadAllLines(Log));
            Assert.Contains("--update", _errors.ToString());
        }

        [Fact]
        public void A_file_nanoff_could_not_write_is_a_failure_even_though_nanoff_exits_0()
        {
            // nanoff prints this and exits 0 (FileDeploymentManager.DeployAsync); a sleeping node is out of reach.
            using var path = new PathOverride(_folder, StandInNanoff("[ \"$1\" = --filedeployment ] && echo \"Error deploying content file x to I:\\config.json\"; exit 0"));

            int code = FlashCommand.Run(Config, Port, null, Image, configOnly: true, print: false, _output, _errors);

            Assert.Equal(4, code);
            Assert.Contains("could not write I:\\config.json", _errors.ToString());
            Assert.Contains("reset it and run nodectl flash hro-hafen-02.json --port " + Port + " --config-only", _errors.ToString());
        }

        /// <summary>PATH without any nanoff, or with a stand-in nanoff script first; restored on dispose.</summary>
        private sealed class PathOverride : IDisposable
        {
            private readonly string? _saved = Environment.GetEnvironmentVariable("PATH");

            public PathOverride(string folder, string? nanoff)
            {
                string bin = Path.Combine(folder, "bin");
                Directory.CreateDirectory(bin);
                string rest = string.Join(Path.PathSeparator, (_saved ?? "").Split(Path.PathSeparator).Where(d => !File.Exists(Path.Combine(d, "nanoff"))));
                if (nanoff != null)
                {
                    string script = Path.Combine(bin, "nanoff");
                    File.WriteAllText(script, "#!/bin/sh\n" + nanoff + "\n");
                    File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + rest);
            }

            public void Dispose() => Environment.SetEnvironmentVariable("PATH", _saved);
        }
    }

    [CollectionDefinition("PATH", DisableParallelization = true)]
    public sealed class PathCollection
    {
    }
}
