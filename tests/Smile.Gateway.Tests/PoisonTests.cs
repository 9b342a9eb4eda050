using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>One bad message or one bad outbox row: quarantined or parked, while everything else flows and the process lives.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class PoisonTests
    {
        private const string PoisonNode = "70b3d57ed0ffff99";

        [Fact]
        public async Task A_poison_uplink_between_valid_ones_is_quarantined_and_the_rest_arrives_across_a_restart()
        {
            await using var place = await SmilePlace.StartAsync();
            var (gateway, platform, publisher) = (place.Gateway, place.Platform, place.Publisher);

            var acks = new List<Task>();
            for (int i = 0; i < 30; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.LoraNode(i % 3), true));
            }

            await publisher.PublishRawAsync(PoisonTopic, Poison(0));
            for (int i = 0; i < 30; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.LoraNode(i % 3), true));
                acks.Add(await publisher.SendAsync(StandardFrames.WifiNode(i % 3), false));
            }

            await Task.WhenAll(acks);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count >= publisher.Acknowledged().Count, TimeSpan.FromSeconds(30)),
                "arrived " + platform.Measured().Count + " of " + publisher.Acknowledged().Count + "; " + gateway.Log());

            await gateway.RestartAfterKillAsync();
            await publisher.PublishRawAsync(PoisonTopic, Poison(1));
            for (int i = 0; i < 30; i++)
            {
                acks.Add(await publisher.SendAsync(StandardFrames.LoraNode(i % 3), true));
            }

            await Task.WhenAll(acks);
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count >= publisher.Acknowledged().Count && PoisonDeadLetters(p).Count() >= 2, TimeSpan.FromSeconds(30)),
                "arrived " + platform.Measured().Count + " of " + publisher.Acknowledged().Count + ", dead letters " + PoisonDeadLetters(platform).Count() + "; " + gateway.Log());
            Assert.Empty(publisher.Acknowledged().Except(platform.Measured()));
            Assert.DoesNotContain(platform.Measured(), m => m.Node == PoisonNode);
            Assert.All(PoisonDeadLetters(platform), d => Assert.False(string.IsNullOrEmpty((string?)d["reason"])));
            Assert.False(gateway.HasExited, gateway.Log());
            Assert.Equal(2, GatewayProcess.Counter(await gateway.StatusAsync(), "quarantined"));
        }

        [Fact]
        public async Task Rows_the_forwarder_cannot_render_or_publish_become_dead_letters_instead_of_stopping_every_start()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            using var gateway = new GatewayProcess(local, upstream);

            // Rows as a damaged or older buffer holds them: a measurement whose meta is not JSON, and a dead letter
            // of 300 KiB that, base64-expanded, exceeds the MQTT client's 256 KiB packet limit.
            byte[] huge = new byte[300 * 1024];
            new Random(7).NextBytes(huge);
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using (var store = new GatewayStore(Path.Combine(gateway.DataDirectory, "buffer.db"), new BufferSettings(), NullLogger.Instance))
            {
                var batch = new CommitBatch();
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-ok", now, "{\"s\":\"wifi\"}", TestFrames.Measurement(1)));
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-damaged", now, "{not json", TestFrames.Measurement(2)));
                batch.Messages.Add(new StoredMessage(0, MessageKind.DeadLetter, "node-huge", now, "{\"s\":\"wifi\",\"reason\":\"bad_crc\"}", huge));
                batch.Messages.Add(new StoredMessage(0, MessageKind.Measurement, "node-ok", now, "{\"s\":\"wifi\"}", TestFrames.Measurement(3)));
                store.Commit(batch, _ => false);
            }

            await gateway.StartReadyAsync();
            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 2 && p.OfSchema("smile.dead-letter.v1").Count() == 2, TimeSpan.FromSeconds(30)),
                "measurements " + platform.Measured().Count + ", dead letters " + platform.OfSchema("smile.dead-letter.v1").Count() + "; " + gateway.Log());

            var damaged = platform.OfSchema("smile.dead-letter.v1").Single(d => (string?)d["node_id"] == "node-damaged");
            Assert.Equal("unforwardable", (string?)damaged["reason"]);
            Assert.Contains("JsonException", (string?)damaged["detail"]);
            var big = platform.OfSchema("smile.dead-letter.v1").Single(d => (string?)d["node_id"] == "node-huge");
            Assert.True((bool)big["raw_truncated"]!);
            Assert.Equal(huge.Length, (int)big["raw_length"]!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(huge)), (string?)big["raw_sha256"]);
            Assert.Equal(huge.AsSpan(0, 4096).ToArray(), Convert.FromBase64String((string)big["raw_base64"]!));

            // Another start sends nothing again: the rows were delivered or replaced, none throws. Stopped only once
            // every row is acknowledged and deleted: a PUBACK still on its way at the stop means the row goes again
            // after the start, a duplicate by design (at least once), which failed this test in CI (7 messages, not 4).
            await gateway.WaitStatusAsync(s => (long)s["buffer_rows"]! == 0, TimeSpan.FromSeconds(30), "rows left in the buffer");
            Assert.Equal(0, gateway.Terminate());
            await gateway.StartReadyAsync();
            await Task.Delay(1500);
            Assert.False(gateway.HasExited);
            Assert.Equal(4, platform.Messages.Count(m => (string?)m.Message["schema"] is "smile.measurement.v1" or "smile.dead-letter.v1"));
            Assert.Equal(0, (long)(await gateway.StatusAsync())["buffer_rows"]!);
        }

        private static string PoisonTopic => NetworkServerEvents.ChirpStackTopic(PoisonNode);

        /// <summary>A ChirpStack event whose SNR, 1e400, parses as Infinity: JSON cannot write it back.</summary>
        private static byte[] Poison(int sequence) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(
            NetworkServerEvents.ChirpStackUp(PoisonNode, sequence, StandardFrames.Measurement(sequence), snr: 7.5)).Replace("\"snr\":7.5", "\"snr\":1e400"));

        private static IEnumerable<JsonObject> PoisonDeadLetters(PlatformSubscriber platform) =>
            platform.OfSchema("smile.dead-letter.v1").Where(d => ((string?)d["source_topic"] ?? "").Contains(PoisonNode));
    }
}
