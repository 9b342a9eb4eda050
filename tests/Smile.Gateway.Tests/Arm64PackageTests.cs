using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The Raspberry Pi package's own binary (smile-gateway_*_arm64.deb, unpacked with dpkg-deb -x) run under qemu
    /// against real mosquitto brokers on loopback: what a Pi would run, short of the Pi. Slow: the emulated runtime
    /// starts in tens of seconds.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class Arm64PackageTests : IDisposable
    {
        private static readonly TimeSpan Emulated = TimeSpan.FromMinutes(3);
        private readonly ITestOutputHelper _output;
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-arm64-").FullName;

        public Arm64PackageTests(ITestOutputHelper output) => _output = output;

        public void Dispose()
        {
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void The_pi_package_holds_one_arm64_native_program_that_needs_only_the_c_library()
        {
            // What a Pi can run without a .NET runtime: checked without running it (qemu cannot, above).
            string info = ProcessRunner.Run("dpkg-deb", "--info", BuiltPackages.Of("arm64"));
            Assert.Contains("Architecture: arm64", info);
            Assert.DoesNotContain("dotnet", info.Split("Depends:")[1].Split('\n')[0]);

            string program = Unpack();
            byte[] header = File.ReadAllBytes(program)[..20];
            Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, header[..4]);
            Assert.Equal(0xB7, header[18] | (header[19] << 8)); // e_machine EM_AARCH64 (ELF for the Arm 64-bit Architecture)

            // NativeAOT links the runtime in: the program needs glibc's libc and libm and its loader, nothing from .NET.
            string[] needed = ProcessRunner.Run("readelf", "-d", program).Split('\n')
                .Where(line => line.Contains("(NEEDED)")).Select(line => line[(line.IndexOf('[') + 1)..line.IndexOf(']')]).ToArray();
            Assert.Equal(new[] { "ld-linux-aarch64.so.1", "libc.so.6", "libm.so.6" }, needed.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(program)!, "*.dll"));
        }

        [QemuFact]
        public async Task The_pi_binary_refuses_a_bad_config_forwards_and_keeps_its_buffer_across_a_restart()
        {
            IReadOnlyList<string> gatewayCommand = Qemu.Arguments(Unpack());
            using Mosquitto local = TestBrokers.Local();
            using Mosquitto upstream = TestBrokers.Upstream();

            using (var refused = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Gateway__Id"] = "gw test!" }, Qemu.Emulator, gatewayCommand))
            {
                refused.Start();
                Assert.Equal(2, await ExitCodeAsync(refused));
                Assert.Contains("refusing to start, the configuration is invalid", refused.Log());
                Assert.Contains("Gateway:Id", refused.Log());
            }

            await using PlatformSubscriber platform = await PlatformSubscriber.ConnectAsync(upstream);
            using var gateway = new GatewayProcess(local, upstream, command: Qemu.Emulator, arguments: gatewayCommand);
            var clock = Stopwatch.StartNew();
            gateway.Start();
            await gateway.WaitReadyAsync(Emulated);
            _output.WriteLine("arm64 gateway under qemu ready after " + clock.ElapsedMilliseconds + " ms");

            await using (var publisher = await FramePublisher.ConnectAsync(local))
            {
                await await publisher.SendAsync("node-pi", false);
                Assert.True(await platform.WaitForAsync(p => p.Measured().Contains(("node-pi", 0)), Emulated), "no measurement: " + gateway.Log());

                // The platform goes away: the next frame waits in the buffer, through a clean stop and a start.
                upstream.Stop();
                await await publisher.SendAsync("node-pi", false);
                await gateway.WaitStatusAsync("\"buffer_messages\":1", Emulated);
            }

            Assert.Equal(0, gateway.Terminate());
            upstream.StartAgain();
            gateway.Start();
            await gateway.WaitReadyAsync(Emulated);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Contains(("node-pi", 1)), Emulated), "the buffered frame did not arrive: " + gateway.Log());
            Assert.Empty(platform.DuplicatesWithDifferentIds());
            Assert.Equal(0, gateway.Terminate());
        }

        [QemuFact]
        public async Task The_pi_binary_forwards_over_verified_tls_with_arm64_openssl()
        {
            Assert.True(File.Exists(Qemu.OpenSsl), "libssl3:arm64 is missing (scripts/setup.sh installs it with dpkg --add-architecture arm64): the arm64 runtime has no TLS without it");
            IReadOnlyList<string> gatewayCommand = Qemu.Arguments(Unpack());
            string tls = Path.Combine(_folder, "tls");
            ProvisionedPlace.Nodectl("ca", "--out", tls, "--host", "127.0.0.1");
            int tlsPort = Loopback.FreePort();
            using Mosquitto local = TestBrokers.Local();
            using Mosquitto upstream = Mosquitto.Start("listener " + tlsPort + " 127.0.0.1\ncafile " + tls + "/ca.crt\ncertfile " + tls + "/server.crt\nkeyfile " + tls + "/server.key\n");
            await using PlatformSubscriber platform = await PlatformSubscriber.ConnectAsync(upstream);
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["Smile__Upstream__Host"] = "127.0.0.1",
                ["Smile__Upstream__Port"] = tlsPort.ToString(),
                ["Smile__Upstream__Tls__Enabled"] = "true",
                ["Smile__Upstream__Tls__CaFile"] = tls + "/ca.crt",
            }, Qemu.Emulator, gatewayCommand);
            gateway.Start();
            await gateway.WaitReadyAsync(Emulated);
            await gateway.WaitStatusAsync("\"upstream_connected\":true", Emulated);

            await using var publisher = await FramePublisher.ConnectAsync(local);
            await await publisher.SendAsync("node-pi-tls", false);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Contains(("node-pi-tls", 0)), Emulated), "no measurement over TLS: " + gateway.Log());
            Assert.Equal(0, gateway.Terminate());
        }

        /// <summary>Unpacks the arm64 package; the path of its gateway binary.</summary>
        private string Unpack()
        {
            string root = Path.Combine(_folder, "root");
            ProcessRunner.Run("dpkg-deb", "-x", BuiltPackages.Of("arm64"), root);
            return Path.Combine(root, "usr", "lib", "smile-gateway", "smile-gateway");
        }

        private static async Task<int> ExitCodeAsync(GatewayProcess gateway)
        {
            var deadline = DateTime.UtcNow + Emulated;
            while (!gateway.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(gateway.HasExited, "the gateway did not exit: " + gateway.Log());
            return gateway.ExitCode;
        }
    }
}
