using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>One node cannot fill the SD card or push the other nodes out of the buffer.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class BoundTests
    {
        private const long MaxBytes = 1024 * 1024;
        private const int GarbageBytes = 16 * 1024 - 64;

        [Fact]
        public async Task A_node_flooding_garbage_through_an_outage_stays_within_the_bound_and_the_others_all_get_through()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Buffer__MaxBytes"] = MaxBytes.ToString() });
            await gateway.StartReadyAsync();
            await using var publisher = await FramePublisher.ConnectAsync(local);
            await using (var early = await PlatformSubscriber.ConnectAsync(upstream))
            {
                // The platform's session exists before the outage, as a real subscriber's would.
            }

            upstream.Stop();
            // Just under the shipped broker's message_size_limit (16 KiB), which drops anything larger before the gateway.
            byte[] garbage = Enumerable.Repeat((byte)0xA5, GarbageBytes).ToArray();
            var acks = new List<Task>();
            long largest = 0;
            for (int i = 0; i < 300; i++)
            {
                await publisher.PublishRawAsync("smile/up/node-flood", garbage);
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 10), false));
                if (i % 50 == 49)
                {
                    largest = Math.Max(largest, (long)(await gateway.StatusAsync())["buffer_bytes"]!);
                }
            }

            await Task.WhenAll(acks);
            JsonObject status = await gateway.WaitStatusAsync(s =>
            {
                largest = Math.Max(largest, (long)s["buffer_bytes"]!);
                return GatewayProcess.Counter(s, "quarantined") >= 300;
            }, TimeSpan.FromSeconds(30), "not every oversized input quarantined");
            Assert.True(largest <= MaxBytes, "the buffer held " + largest + " bytes, bound " + MaxBytes);
            Assert.True((long)status["quarantine_bytes"]! <= MaxBytes / 16, "quarantine " + status["quarantine_bytes"]);
            Assert.Equal(300, GatewayProcess.Counter(status, "quarantined"));
            Assert.Equal(0, GatewayProcess.Counter(status, "dropped_buffer_full"));

            upstream.Restart();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 300, TimeSpan.FromSeconds(60)),
                "arrived " + platform.Measured().Count + " of 300; " + (await gateway.StatusAsync()).ToJsonString());
            Assert.Empty(publisher.Acknowledged().Except(platform.Measured()));

            // The flood's newest dead letters survive, each with a 4 KiB excerpt; the oldest were dropped and counted.
            await Task.Delay(1000);
            var deadLetters = platform.OfSchema("smile.dead-letter.v1").ToList();
            Assert.NotEmpty(deadLetters);
            Assert.All(deadLetters, d => Assert.Equal(GarbageBytes, (int)d["raw_length"]!));
            Assert.Equal(300, deadLetters.Count + GatewayProcess.Counter(await gateway.StatusAsync(), "dead_letters_dropped"));
            Assert.False(gateway.HasExited);
        }
    }
}
