using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The Debian package, built by packaging/deb/build.sh, installed into this machine with dpkg, started from the
    /// installed files against test brokers, and purged again. Needs root (CI runs as root).
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class DebPackageTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-deb-").FullName;

        public void Dispose()
        {
            Directory.Delete(_folder, true);
        }

        [Fact]
        public async Task The_package_installs_starts_from_its_files_and_purges_cleanly()
        {
            Assert.True(Environment.UserName == "root", "installing a package needs root; run the suite as root (CI does)");
            string deb = BuiltPackages.Of("amd64");
            string contents = ProcessRunner.Run("dpkg-deb", "--contents", deb);
            string info = ProcessRunner.Run("dpkg-deb", "--info", deb);
            Assert.Contains("Architecture: amd64", info);

            // Compiled ahead of time: Debian packages only, no .NET runtime in the package or beside it.
            Assert.Contains("Depends: adduser, mosquitto (>= 2.0), libc6 (>= 2.27), libssl3 | libssl3t64, ca-certificates", info);
            Assert.DoesNotContain("aspnetcore", info);
            Assert.DoesNotContain("libcoreclr.so", contents);
            Assert.DoesNotContain(".dll", contents);
            Assert.DoesNotContain(".dbg", contents);
            foreach (string path in new[] { "./usr/lib/smile-gateway/smile-gateway", "./usr/bin/smile-gateway -> ../lib/smile-gateway/smile-gateway", "./lib/systemd/system/smile-gateway.service",
                "./etc/smile-gateway/gateway.json", "./etc/mosquitto/conf.d/smile-place.conf", "./etc/mosquitto/conf.d/smile-policy.conf" })
            {
                Assert.Contains(path, contents);
            }

            try
            {
                ProcessRunner.Run("dpkg", "-i", deb);
                Assert.Contains("Status: install ok installed", ProcessRunner.Run("dpkg", "-s", "smile-gateway"));
                Assert.True(File.Exists("/usr/lib/smile-gateway/smile-gateway"));
                Assert.Contains("smile-gateway", ProcessRunner.Run("getent", "passwd", "smile-gateway"));
                Assert.Contains("smile-gateway smile-gateway", ProcessRunner.Run("stat", "-c", "%U %G", "/var/lib/smile-gateway"));
                Assert.Equal("640", ProcessRunner.Run("stat", "-c", "%a", "/etc/smile-gateway/gateway.env").Trim());
                Assert.Equal("640 root smile-gateway", ProcessRunner.Run("stat", "-c", "%a %U %G", "/etc/smile-gateway/gateway.json").Trim());

                // The unit file's syntax, as systemd reads it (this machine runs no systemd, so only the file is checked).
                ProcessRunner.Run("systemd-analyze", "verify", "/lib/systemd/system/smile-gateway.service");

                // mosquitto accepts the package's two snippets (listeners moved to free loopback ports for the test, the
                // TLS listener with a certificate from nodectl ca).
                string conf = Path.Combine(_folder, "mosquitto.conf");
                int port = Loopback.FreePort();
                ProvisionedPlace.Nodectl("ca", "--out", Path.Combine(_folder, "tls"), "--host", "127.0.0.1");
                File.WriteAllText(conf, File.ReadAllText("/etc/mosquitto/conf.d/smile-place.conf").Replace("listener 1883\n", "")
                    .Replace("listener 8883\n", "listener " + Loopback.FreePort() + " 127.0.0.1\n").Replace("/etc/smile-gateway/mosquitto/tls/", _folder + "/tls/")
                    .Replace("listener 1884 127.0.0.1", "listener " + port + " 127.0.0.1")
                    + File.ReadAllText("/etc/mosquitto/conf.d/smile-policy.conf") + "\npersistence_location " + _folder + "/\nuser root\n");
                using var snippetBroker = System.Diagnostics.Process.Start("mosquitto", "-c " + conf)!;
                await Task.Delay(1000);
                Assert.False(snippetBroker.HasExited, "mosquitto refused the package's configuration");
                snippetBroker.Kill();

                using Mosquitto local = Mosquitto.Start();
                using Mosquitto upstream = Mosquitto.Start();
                using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
                {
                    ["SMILE_GATEWAY_CONFIG"] = "/etc/smile-gateway/gateway.json",
                    ["Smile__LocalBroker__Host"] = "127.0.0.1",
                    ["Smile__Upstream__Host"] = "127.0.0.1",
                }, command: "/usr/bin/smile-gateway");
                await gateway.StartReadyAsync();
                Assert.Contains("<h1>Smile gateway gw-test</h1>", await gateway.GetAsync("/"));
                Assert.Equal(0, gateway.Terminate());
            }
            finally
            {
                ProcessRunner.Run("dpkg", "--purge", "smile-gateway");
            }

            Assert.False(File.Exists("/usr/lib/smile-gateway/smile-gateway"));
            Assert.False(Directory.Exists("/var/lib/smile-gateway"));
            Assert.False(File.Exists("/etc/mosquitto/conf.d/smile-place.conf"));
            Assert.False(File.Exists("/etc/smile-gateway/gateway.json"));
        }
    }
}
