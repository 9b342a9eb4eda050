using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// apt upgrades the gateway over a buffer its previous release left, maybe full of messages the platform never
    /// got. fixtures/buffer-dcb9f4b.db is such a buffer: written by the gateway of commit dcb9f4b (before buffer
    /// versions), 20 measurements of two nodes taken in while the platform was away, then a clean stop.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class BufferUpgradeTests
    {
        private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "buffer-dcb9f4b.db");

        [Fact]
        public async Task The_previous_releases_buffer_is_migrated_and_every_message_in_it_arrives_once()
        {
            Assert.Equal(0L, UserVersion(Fixture));
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);

            // The fixture's messages must not age out before they are sent, however old the fixture gets.
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Buffer__MaxAgeDays"] = "36500" });
            File.Copy(Fixture, Path.Combine(gateway.DataDirectory, "buffer.db"));
            await gateway.StartReadyAsync();

            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 20, TimeSpan.FromSeconds(30)), "arrived: " + platform.Measured().Count + ", " + await gateway.GetAsync("/status"));
            await gateway.WaitStatusAsync("\"buffer_messages\":0", TimeSpan.FromSeconds(10));
            await Task.Delay(1000);
            Assert.Equal(20, platform.OfSchema("smile.measurement.v1").Count());
            var expected = Enumerable.Range(0, 10).SelectMany(s => new[] { ("node-old-a", s), ("70b3d57ed0000007", s) }).ToHashSet();
            Assert.Equal(expected, platform.Measured());
            Assert.Equal(0, gateway.Terminate());
            Assert.Equal(2L, UserVersion(Path.Combine(gateway.DataDirectory, "buffer.db")));
        }

        [Fact]
        public void A_buffer_of_a_newer_release_is_refused_with_exit_code_3_and_left_untouched()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream);
            string buffer = Path.Combine(gateway.DataDirectory, "buffer.db");
            File.Copy(Fixture, buffer);
            using (var db = new SqliteConnection("Data Source=" + buffer + ";Pooling=false"))
            {
                db.Open();
                using var command = db.CreateCommand();
                command.CommandText = "PRAGMA user_version=99;";
                command.ExecuteNonQuery();
            }

            byte[] before = SHA256.HashData(File.ReadAllBytes(buffer));
            gateway.Start();
            Assert.True(WaitExit(gateway), "the gateway kept running: " + gateway.Log());

            Assert.Equal(3, gateway.ExitCode);
            Assert.Contains("was written by a newer gateway release (buffer version 99, this release knows up to 2)", gateway.Log());
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(buffer)));
            Assert.False(File.Exists(buffer + "-wal"));
        }

        private static bool WaitExit(GatewayProcess gateway)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!gateway.HasExited && DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(100);
            }

            return gateway.HasExited;
        }

        private static long UserVersion(string file)
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            return (long)command.ExecuteScalar()!;
        }
    }
}
