using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Smile.Node;
using Smile.Node.App;
using Smile.Nodectl.Flash;
using Smile.Nodectl.Provision;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>
    /// nodectl flash against the node's real provisioning code on the other end of a pseudo-terminal, with nanoff
    /// missing, failing, or present (a stand-in script: no board is attached here, so nothing is flashed).
    /// </summary>
    [Collection("PATH")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class FlashTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-flash-").FullName;
        private readonly StringWriter _output = new StringWriter();
        private readonly StringWriter _errors = new StringWriter();

        public FlashTests()
        {
            Directory.CreateDirectory(NodeFlash);
            File.WriteAllText(Path.Combine(_folder, "nodes.csv"), "id,site,transport,board\nhro-hafen-02,stadthafen,wifi,esp32-s3\n");
            var options = new ProvisionOptions { MqttHost = "192.168.4.1", WifiSsid = "smile-place", WifiPassword = "place-password" };
            new Provisioner(options, _folder).Run(NodeSheet.Read(Path.Combine(_folder, "nodes.csv")));
            File.WriteAllText(Image.FullName, "app image");
        }

        private string NodeFlash => Path.Combine(_folder, "node-flash");

        private FileInfo Config => new FileInfo(Path.Combine(_folder, "nodes", "hro-hafen-02.json"));

        private FileInfo Image => new FileInfo(Path.Combine(_folder, "Smile.Node.App.bin"));

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public async Task The_config_reaches_the_node_over_its_serial_console_and_no_secret_comes_back()
        {
            using var terminal = new PseudoTerminal();
            Task<bool> node = Task.Run(() => new Provisioning(new SerialConsole(terminal.NodeEnd), NodeFlash).Run(20_000));

            int code = FlashCommand.Run(Config, terminal.DevicePath, null, Image, configOnly: true, print: false, 20, _output, _errors);

            Assert.True(code == 0, _output + "\n" + _errors);
            Assert.True(await node);
            NodeConfig stored = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Path.Combine(NodeFlash, "config.json")))!;
            NodeConfig sent = JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Config.FullName))!;
            Assert.Equal(sent.MqttPassword, stored.MqttPassword);
            Assert.Contains("node: SMILE PROVISION new", _output.ToString());
            Assert.Contains("node: OK hro-hafen-02", _output.ToString());
            Assert.Contains("MqttPassword=***", _output.ToString());
            Assert.DoesNotContain(sent.MqttPassword, _output.ToString());
        }

        [Fact]
        public void Without_nanoff_it_says_how_to_install_it_and_touches_nothing()
        {
            using var path = new PathOverride(_folder, nanoff: null);

            int code = FlashCommand.Run(Config, "/dev/no-such-port", null, Image, configOnly: false, print: false, 1, _output, _errors);

            Assert.Equal(3, code);
            Assert.Contains("dotnet tool install -g nanoff", _errors.ToString());
            Assert.Contains("nanoff --target ESP32_S3_OCTAL --serialport /dev/no-such-port --update", _errors.ToString());
            Assert.Contains("nothing was done", _errors.ToString());
        }

        [Fact]
        public async Task With_nanoff_it_flashes_the_firmware_then_deploys_the_app_then_provisions()
        {
            using var terminal = new PseudoTerminal();
            string log = Path.Combine(_folder, "nanoff.log");
            using var path = new PathOverride(_folder, "echo \"$@\" >> " + log);
            Task<bool> node = Task.Run(() => new Provisioning(new SerialConsole(terminal.NodeEnd), NodeFlash).Run(20_000));

            int code = FlashCommand.Run(Config, terminal.DevicePath, null, Image, configOnly: false, print: false, 20, _output, _errors);

            Assert.True(code == 0, _output + "\n" + _errors);
            Assert.True(await node);
            Assert.Equal(new[]
            {
                "--target ESP32_S3_OCTAL --serialport " + terminal.DevicePath + " --update",
                "--target ESP32_S3_OCTAL --serialport " + terminal.DevicePath + " --deploy --image " + Image.FullName,
            }, File.ReadAllLines(log));
        }

        [Fact]
        public void A_failing_nanoff_step_stops_before_the_next()
        {
            string log = Path.Combine(_folder, "nanoff.log");
            using var path = new PathOverride(_folder, "echo \"$@\" >> " + log + "; exit 1");

            int code = FlashCommand.Run(Config, "/dev/no-such-port", null, Image, configOnly: false, print: false, 1, _output, _errors);

            Assert.Equal(4, code);
            Assert.Single(File.ReadAllLines(log));
            Assert.Contains("--update", _errors.ToString());
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
