using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Running unattended: configuration refusal, systemd notify and watchdog, SIGTERM.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class HostingTests
    {
        [Fact]
        public async Task A_bad_configuration_is_refused_at_start_naming_the_key()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["Smile__Upstream__Port"] = "70000",
                ["Smile__Nodes__UnknownNodePolicy"] = "sometimes",
            });
            gateway.Start();
            for (int i = 0; i < 100 && !gateway.HasExited; i++)
            {
                await Task.Delay(100);
            }

            Assert.True(gateway.HasExited);
            Assert.Equal(2, gateway.ExitCode);
            Assert.Contains("Smile:Upstream:Port must be 1..65535 (is 70000)", gateway.Log());
            Assert.Contains("Smile:Nodes:UnknownNodePolicy must be accept or quarantine (is 'sometimes')", gateway.Log());
        }

        [Fact]
        public async Task Tells_systemd_it_is_ready_feeds_the_watchdog_and_stops_cleanly_on_sigterm()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            string socketPath = Path.Combine(Path.GetTempPath(), "smile-notify-" + Guid.NewGuid().ToString("N") + ".sock");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["NOTIFY_SOCKET"] = socketPath,
                ["WATCHDOG_USEC"] = "1000000",
            });
            await gateway.StartReadyAsync();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);

            var received = new List<string>();
            var buffer = new byte[256];
            socket.ReceiveTimeout = 5000;
            while (received.Count(m => m == "WATCHDOG=1") < 2)
            {
                received.Add(Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer)));
            }

            Assert.Equal("READY=1", received[0]);
            Assert.Equal(0, gateway.Terminate());

            // The process has exited, so all it sent waits in the socket: a watchdog ping may come before STOPPING=1.
            while (socket.Available > 0)
            {
                received.Add(Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer)));
            }

            Assert.Contains("STOPPING=1", received);
            File.Delete(socketPath);

            Assert.True(await platform.WaitForAsync(p => p.OfSchema("smile.gateway-status.v1").Any(m => (bool)m["online"]! == false), TimeSpan.FromSeconds(5)),
                "a clean stop says offline");
        }

        [Fact]
        public async Task Sigterm_during_a_stream_commits_what_was_taken_and_the_rest_follows_after_restart()
        {
            await using var place = await SmilePlace.StartAsync();
            var (local, gateway, platform, publisher) = (place.Local, place.Gateway, place.Platform, place.Publisher);

            var acks = new List<Task>();
            for (int i = 0; i < 4000; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 40), false));
                if (i == 2000)
                {
                    Assert.Equal(0, gateway.Terminate());
                    gateway.Start();
                }
            }

            await Task.WhenAll(acks);
            await gateway.WaitReadyAsync(TimeSpan.FromSeconds(30));
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count >= 4000, TimeSpan.FromSeconds(60)), "arrived " + platform.Measured().Count);
            Assert.Empty(publisher.Acknowledged().Except(platform.Measured()));
        }
    }
}
