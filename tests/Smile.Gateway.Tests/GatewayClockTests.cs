using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A Raspberry Pi has no battery-backed clock: after a power cut it boots with the last saved time until NTP
    /// answers. Uplinks taken in meanwhile carry gateway_clock_unsynced; the fake plays the kernel's answer.
    /// </summary>
    public sealed class GatewayClockTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-clock-").FullName;
        private readonly GatewayStore _store;
        private readonly FakeClockSync _sync = new FakeClockSync();

        public GatewayClockTests()
        {
            _store = new GatewayStore(Path.Combine(_folder, "buffer.db"), new BufferSettings(), NullLogger.Instance);
        }

        public void Dispose()
        {
            _store.Dispose();
            Directory.Delete(_folder, true);
        }

        [Fact]
        public void Frames_received_while_the_clock_is_unsynchronized_are_flagged_and_those_after_the_sync_are_not()
        {
            var options = new GatewayOptions();
            options.Filters.Deadband = new Dictionary<string, double>();
            _sync.State = ClockSyncState.Unsynchronized;
            Assert.Contains("gateway_clock_unsynced", Quality(Ingest(options, new GatewayClock(_sync, TimeProvider.System), 1)));

            _sync.State = ClockSyncState.Synchronized;
            Assert.DoesNotContain("gateway_clock_unsynced", Quality(Ingest(options, new GatewayClock(_sync, TimeProvider.System), 2)));

            // Not knowing is not taken for wrong: no flag.
            _sync.State = ClockSyncState.Unknown;
            Assert.DoesNotContain("gateway_clock_unsynced", Quality(Ingest(options, new GatewayClock(_sync, TimeProvider.System), 3)));
        }

        [Fact]
        public void The_state_is_read_once_per_few_seconds_not_once_per_uplink()
        {
            var clock = new GatewayClock(_sync, TimeProvider.System);
            for (int i = 0; i < 100; i++)
            {
                Assert.False(clock.Unsynchronized);
            }

            Assert.Equal(1, _sync.Reads);
            Assert.Equal("synchronized", clock.Name);
        }

        [Fact]
        public void The_kernel_answers_on_this_machine()
        {
            Assert.NotEqual(ClockSyncState.Unknown, new KernelClockSync().Read());
        }

        private StoredMessage Ingest(GatewayOptions options, GatewayClock clock, int sequence)
        {
            var processor = new UplinkProcessor(options, new Deduplicator(3_600_000), new NodeDirectory(), clock);
            var batch = new CommitBatch();
            processor.Add(batch, "smile/up/node-a", TestFrames.Measurement(sequence), 1000, 0);
            long id = new Outbox(_store).Commit(batch).Single();
            return _store.ReadRange(id - 1, id, 1).Single();
        }

        private static IEnumerable<string> Quality(StoredMessage row)
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-test";
            options.Gateway.Site = "hafen";
            JsonObject measurement = new MessageRenderer(options).Render(row).Select(m => JsonNode.Parse(m.Payload)!.AsObject()).First();
            return measurement["quality"]!.AsArray().Select(q => (string)q!);
        }

        private sealed class FakeClockSync : IClockSync
        {
            public ClockSyncState State { get; set; } = ClockSyncState.Synchronized;

            public int Reads { get; private set; }

            public ClockSyncState Read()
            {
                Reads++;
                return State;
            }
        }
    }
}
