using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Smile.Simulation.Fleet;
using Smile.Frames;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// 200 simulated nodes (the firmware's own cycle; 30 % Wi-Fi nodes with the firmware's M2Mqtt link on the real
    /// broker, the rest on simulated Wio-E5 and RAK3172 modems through a simulated ChirpStack; some with faults), the
    /// gateway process, the platform: every sample that left a node arrives.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class FleetTests
    {
        [Fact]
        public async Task Every_sample_of_a_200_node_mixed_fleet_reaches_the_platform()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream);
            await gateway.StartReadyAsync();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);

            var fleet = new FleetRunner(200, "127.0.0.1", local.Port, speed: 600, seed: 11, wifiShare: 0.3);
            await fleet.RunAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

            var expected = new HashSet<(string, int, int)>();
            int statusFrames = 0;
            foreach (var (node, hex) in fleet.Published)
            {
                Frame frame = FrameDecoder.Decode(Convert.FromHexString(hex)).Frame!;
                statusFrames += frame.Type == FrameFormat.TypeStatus ? 1 : 0;
                for (int i = 0; i < frame.SampleCount; i++)
                {
                    expected.Add((node, frame.Sequence, i));
                }
            }

            Assert.True(fleet.Nodes.Count(n => n.FramesSent > 0) >= 150, "most nodes sent");
            Assert.Equal(60, fleet.Nodes.Count(n => n.Wifi));
            Assert.True(fleet.Nodes.Where(n => n.Wifi).Sum(n => n.FramesSent) > 100, "Wi-Fi frames: " + fleet.Nodes.Where(n => n.Wifi).Sum(n => n.FramesSent));
            Assert.True(expected.Count > 1000, "samples on air: " + expected.Count);
            Assert.True(await platform.WaitForAsync(p => Arrived(p).Count >= expected.Count && p.OfSchema("smile.node-status.v1").Count() >= statusFrames,
                TimeSpan.FromSeconds(60)), "arrived " + Arrived(platform).Count + " of " + expected.Count);
            Assert.Equal(expected, Arrived(platform));
        }

        private static HashSet<(string, int, int)> Arrived(PlatformSubscriber platform) => platform.OfSchema("smile.measurement.v1")
            .Select(m => ((string)m["node_id"]!, (int)m["frame"]!["seq"]!, (int)m["frame"]!["sample"]!)).ToHashSet();
    }
}
