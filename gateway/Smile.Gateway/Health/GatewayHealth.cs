using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Smile.Gateway.Board;
using Smile.Gateway.Buffer;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Hosting;

namespace Smile.Gateway.Health
{
    /// <summary>Liveness, readiness and the figures that matter, for the HTTP endpoints, the watchdog and Prometheus.</summary>
    public sealed class GatewayHealth : ILiveness
    {
        public string Work => "pipeline";

        private static readonly TimeSpan Stuck = TimeSpan.FromSeconds(30);
        private readonly GatewayStore _store;
        private readonly GatewayClock _clock;
        private readonly Brokers _brokers;
        private readonly Sources.UplinkConnections _connections;
        private readonly GatewayMetrics _metrics;
        private readonly Sources.SourceQosWatch _qosWatch;
        private readonly BoardHealth _board;
        private readonly ClockCorrector _corrector;

        public GatewayHealth(GatewayStore store, Brokers brokers, Sources.UplinkConnections connections, GatewayMetrics metrics, Sources.SourceQosWatch qosWatch, GatewayClock clock,
            BoardHealth board, ClockCorrector corrector)
        {
            _corrector = corrector;
            _board = board;
            _clock = clock;
            _qosWatch = qosWatch;
            _store = store;
            _brokers = brokers;
            _connections = connections;
            _metrics = metrics;
        }

        /// <summary>
        /// Alive while the ingest loop turns and the forwarder turns or has reason to wait (upstream down, or its
        /// in-flight window full): what the systemd watchdog is fed on.
        /// </summary>
        public bool Alive => _metrics.SinceIngestBeat < Stuck
            && (_metrics.SinceForwarderBeat < Stuck || !_brokers.Upstream.IsConnected || _brokers.Upstream.PendingPublishes > 0);

        /// <summary>Ready to take uplinks: alive, connected to the local broker, and commits succeed.</summary>
        public List<string> NotReadyReasons()
        {
            var reasons = new List<string>();
            if (!Alive)
            {
                reasons.Add("pipeline stuck");
            }

            if (!_connections.Local.IsConnected)
            {
                reasons.Add("local broker not connected: " + (_connections.Local.LastError ?? "connecting"));
            }

            if (_metrics.CommitFailing)
            {
                reasons.Add("buffer commits failing: " + _metrics.LastCommitError);
            }

            return reasons;
        }

        /// <summary>
        /// Fault when not ready or the Smile Place needs a technician (its hardware, or a card so full that the buffer
        /// stopped growing); else buffering while the city platform is away.
        /// </summary>
        public GatewayState State() => State(_store.Disk());

        private GatewayState State(BufferDisk disk) =>
            NotReadyReasons().Count > 0 || _board.Faults().Count > 0 || disk.BelowFloor ? GatewayState.Fault
            : _brokers.Upstream.IsConnected ? GatewayState.Forwarding
            : GatewayState.Buffering;

        public JsonObject Status()
        {
            var drops = new JsonObject();
            foreach (var ((name, node), value) in _store.Counters())
            {
                var byNode = drops[name] as JsonObject ?? new JsonObject();
                byNode[node.Length == 0 ? "_" : node] = value;
                drops[name] = byNode;
            }

            BufferDisk disk = _store.Disk();
            return new JsonObject
            {
                ["state"] = State(disk).ToString().ToLowerInvariant(),
                ["alive"] = Alive,
                ["ready"] = NotReadyReasons().Count == 0,
                ["local_broker_connected"] = _connections.Local.IsConnected,
                ["upstream_connected"] = _brokers.Upstream.IsConnected,
                ["upstream_last_error"] = _brokers.Upstream.LastError,
                ["ingest_phase"] = _metrics.IngestPhase,
                ["local_pending_publishes"] = _connections.Local.PendingPublishes,
                ["upstream_pending_publishes"] = _brokers.Upstream.PendingPublishes,
                ["buffer_rows"] = _store.Rows,
                ["buffer_messages"] = _store.PendingMessages,
                ["buffer_bytes"] = _store.Bytes,
                ["quarantine_rows"] = _store.QuarantineRows,
                ["quarantine_bytes"] = _store.QuarantineBytes,
                ["dead_letter_bytes"] = _store.DeadLetterBytes,
                ["buffer_disk"] = new JsonObject { ["free_bytes"] = disk.FreeBytes, ["floor_bytes"] = disk.FloorBytes, ["below_floor"] = disk.BelowFloor },
                ["messages_in"] = _metrics.MessagesIn,
                ["messages_out"] = _metrics.MessagesOut,
                ["commits"] = _metrics.Commits,
                ["commit_failures"] = _metrics.CommitFailures,
                ["bytes_written"] = ProcessResources.BytesWritten(),
                ["process"] = new JsonObject
                {
                    ["resident_bytes"] = ProcessResources.ResidentBytes(),
                    ["managed_heap_bytes"] = ProcessResources.ManagedHeapBytes(),
                    ["cpu_seconds"] = Math.Round(ProcessResources.CpuSeconds(), 3),
                },
                ["counters"] = drops,
                ["gateway_clock"] = _clock.Name,

                // Receive times put right once the clock synchronized (ClockCorrector), since start.
                ["clock_corrections"] = _corrector.Corrections,
                ["clock_last_step_ms"] = _corrector.LastStepMs,
                ["clock_corrected_rows"] = _corrector.CorrectedRows,
                ["clock_uncorrected_rows"] = _corrector.UncorrectedRows,

                // Sources delivering at QoS 0, which loses uplinks on every gateway restart, with the fix.
                ["sources_at_qos0"] = _qosWatch.Status(),

                // The Smile Place's own hardware: the Pi's temperature and power, the own sensor (Board/).
                ["board"] = _board.Status(),
            };
        }

        /// <summary>Prometheus text exposition format.</summary>
        public string Prometheus()
        {
            var text = new StringBuilder();
            void Metric(string name, string type, string help, double value)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
                text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            void Gauge(string name, string help, double value) => Metric(name, "gauge", help, value);

            Gauge("smile_gateway_up", "1 while the pipeline runs", Alive ? 1 : 0);
            Gauge("smile_gateway_local_connected", "1 while connected to the local broker", _connections.Local.IsConnected ? 1 : 0);
            Gauge("smile_gateway_upstream_connected", "1 while connected to the city platform", _brokers.Upstream.IsConnected ? 1 : 0);
            Gauge("smile_gateway_buffer_messages", "messages waiting for the city platform", _store.PendingMessages);
            Gauge("smile_gateway_buffer_bytes", "bytes of the waiting rows", _store.Bytes);
            Gauge("smile_gateway_quarantine_rows", "inputs kept for inspection", _store.QuarantineRows);
            BufferDisk disk = _store.Disk();
            Gauge("smile_gateway_buffer_disk_free_bytes", "bytes free on the buffer's file system, -1 where it cannot say", disk.FreeBytes ?? -1);
            Gauge("smile_gateway_buffer_below_floor", "1 while the buffer's file system has less than Buffer:MinFreeMegabytes free: the buffer stops growing", disk.BelowFloor ? 1 : 0);
            Gauge("smile_gateway_messages_in_total", "uplinks read from the local broker since start", _metrics.MessagesIn);
            Gauge("smile_gateway_messages_out_total", "messages acknowledged by the city platform since start", _metrics.MessagesOut);
            Gauge("smile_gateway_bytes_written_total", "bytes the process wrote to storage", ProcessResources.BytesWritten());
            Gauge("smile_gateway_clock_synchronized", "1 while a time source (NTP) sets the clock, 0 while not, -1 where unknown",
                _clock.State switch { ClockSyncState.Synchronized => 1, ClockSyncState.Unsynchronized => 0, _ => -1 });
            Gauge("smile_gateway_clock_corrections_total", "times held receive times were corrected after the clock synchronized", _corrector.Corrections);
            Gauge("smile_gateway_clock_corrected_rows_total", "held messages whose receive time was corrected", _corrector.CorrectedRows);
            Gauge("smile_gateway_clock_uncorrected_rows_total", "messages stamped while unsynchronized and forwarded before the step was known", _corrector.UncorrectedRows);
            Gauge("smile_gateway_clock_last_step_seconds", "the step of the last correction (0 before the first)", (_corrector.LastStepMs ?? 0) / 1000.0);
            _board.Prometheus(Gauge);

            // The names and help texts prometheus-net gives a .NET process's own figures (DotNetStats), as smile-ingest's /metrics
            // has them: one dashboard reads both. The working set is the resident set on Linux.
            if (ProcessResources.ResidentBytes() is long resident)
            {
                Gauge("process_working_set_bytes", "Process working set", resident);
            }

            Metric("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", ProcessResources.CpuSeconds());
            Gauge("dotnet_total_memory_bytes", "Total known allocated memory", ProcessResources.ManagedHeapBytes());
            text.Append("# HELP smile_gateway_node_events_total per-node counts: drops, duplicates, quarantine, filtered\n");
            text.Append("# TYPE smile_gateway_node_events_total counter\n");
            foreach (var ((name, node), value) in _store.Counters())
            {
                text.Append("smile_gateway_node_events_total{event=\"").Append(name).Append("\",node=\"").Append(node).Append("\"} ")
                    .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return text.ToString();
        }
    }
}
