using System;
using System.Diagnostics;
using System.IO;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The first run on a Pi, `smile-gateway setup` then `smile-gateway check`, against a real mosquitto with a
    /// password file and a TLS listener (certificate from nodectl ca), writing into a temp folder instead of /etc.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class SetupCommandTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-setup-").FullName;

        public void Dispose()
        {
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void Setup_checks_the_login_over_verified_tls_writes_the_files_privately_and_check_reports_plainly()
        {
            string tls = Path.Combine(_folder, "tls");
            ProvisionedPlace.Nodectl("ca", "--out", tls, "--host", "127.0.0.1");
            int tlsPort = Loopback.FreePort();
            using Mosquitto platform = Mosquitto.Start(
                "password_file {dir}/passwd\nlistener " + tlsPort + " 127.0.0.1\ncafile " + tls + "/ca.crt\ncertfile " + tls + "/server.crt\nkeyfile " + tls + "/server.key\n",
                prepare: m => ProcessRunner.Run("mosquitto_passwd", "-c", "-b", Path.Combine(m.Folder, "passwd"), "gw-pi", "right-pw"));
            string config = Path.Combine(_folder, "etc", "gateway.json");
            string env = Path.Combine(_folder, "etc", "gateway.env");
            string data = Path.Combine(_folder, "data");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            File.WriteAllText(config, "{\"Smile\":{\"Gateway\":{\"DataDirectory\":\"" + data + "\"},\"LocalBroker\":{\"Port\":1884}}}");
            File.WriteAllText(env, "Smile__LocalBroker__Password=from-nodectl\n");
            string[] setup = { "setup", "--gateway-id", "gw-pi", "--site", "hafen", "--platform-host", "127.0.0.1", "--platform-port", tlsPort.ToString(),
                "--platform-user", "gw-pi", "--ca-file", tls + "/ca.crt", "--config", config, "--env-file", env, "--no-start", "--platform-password" };

            var (code, output) = Gateway(setup, "wrong-pw");
            Assert.True(code == 1, output);
            Assert.Contains("Nothing was written", output);
            Assert.DoesNotContain("gw-pi", File.ReadAllText(config));

            (code, output) = Gateway(setup, "right-pw");
            Assert.True(code == 0, output);
            Assert.Contains("\"Id\": \"gw-pi\"", File.ReadAllText(config));
            Assert.Contains("\"Port\": 1884", File.ReadAllText(config));
            Assert.Equal("640", ProcessRunner.Run("stat", "-c", "%a", config).Trim());
            Assert.Equal("600", ProcessRunner.Run("stat", "-c", "%a", env).Trim());
            Assert.Equal("Smile__LocalBroker__Password=from-nodectl\nSmile__Upstream__Username=gw-pi\nSmile__Upstream__Password=right-pw\n", File.ReadAllText(env));

            (code, output) = Gateway(new[] { "check", "--config", config, "--env-file", env });
            Assert.Contains("config: ok", output);
            Assert.Contains("platform broker: ok 127.0.0.1:" + tlsPort + " TLS verified, logged in", output);
            Assert.Contains("disk: ok", output);
            Assert.Contains("buffer: ok none yet", output);
            Assert.Contains("clock: ", output);
            Assert.DoesNotContain("right-pw", output);
            Assert.True(code == (output.Contains("clock: PROBLEM") ? 1 : 0), output);
        }

        [Fact]
        public void Setup_names_a_missing_flag()
        {
            var (code, output) = Gateway(new[] { "setup", "--gateway-id", "gw-pi" });
            Assert.Equal(2, code);
            Assert.Contains("--site is required", output);
        }

        private static (int Code, string Output) Gateway(string[] arguments, params string[] more)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(GatewayProcess.Dll);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (string argument in more)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
    }
}
