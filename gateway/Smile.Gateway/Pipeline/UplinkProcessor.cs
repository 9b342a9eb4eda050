using System;
using System.Collections.Generic;
using Smile.Frames;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Sources;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// The pipeline between the sources and the buffer, for one batch: parse → node policy → rate limit → decode →
    /// de-duplicate → filter. It only decides; what it decides becomes one <see cref="CommitBatch"/>, and its state
    /// changes take effect through <see cref="Commit"/> once that batch is durable (the node directory's too, so a
    /// rolled-back batch leaves no trace on the status page). A failure while handling one message quarantines
    /// that message as internal_error and never reaches the caller: one poisonous input cannot stop the batch, or,
    /// redelivered after a restart, the service.
    /// </summary>
    public sealed class UplinkProcessor
    {
        public const string Quarantined = "quarantined";
        public const string Duplicates = "duplicates";
        public const string RateLimited = "dropped_rate_limited";
        public const string Filtered = "filtered";
        public const string Unclaimed = "unclaimed_topic";
        public const string InternalError = "internal_error";

        private readonly SourceRouter _router;
        private readonly Health.GatewayClock? _clock;
        private readonly NodeSettings _nodes;
        private readonly Deduplicator _dedup;
        private readonly RateLimiter _rate;
        private readonly ReportFilter _filter;
        private readonly NodeDirectory _directory;
        private readonly SourceSettings _sources;
        private readonly List<Action> _pendingDirectory = new List<Action>();
        private string? _currentNode;

        // The dedup key of the frame being added, remembered and not yet carried by a stored row (the row keeps it,
        // Schema.DedupKeysInOutbox): whatever else becomes of the frame (filtered out, quarantined, an internal
        // error), the batch writes it to the seen keys, so a restart still knows the frame.
        private (string Node, int Boot, int Sequence, long AtMs)? _keyWithoutRow;

        // clock: the gateway's clock state; null (tests of other things) counts as synchronized.
        public UplinkProcessor(GatewayOptions options, Deduplicator dedup, NodeDirectory directory, Health.GatewayClock? clock = null)
        {
            _clock = clock;
            _directory = directory;
            _sources = options.Sources;
            _router = new SourceRouter(options.Sources);
            _nodes = options.Nodes;
            _dedup = dedup;
            _rate = new RateLimiter(options.Filters.MaxFramesPerNodePerMinute);
            _filter = new ReportFilter(options.Filters.Deadband, options.Filters.HeartbeatSeconds, options.Filters.MinIntervalSeconds);
        }

        /// <summary>Wi-Fi frames the gateway holds and has not acknowledged yet: (node, boot, sequence).</summary>
        private readonly List<(string Node, int Boot, int Sequence)> _wifiFrames = new List<(string, int, int)>();

        /// <summary>How many of <see cref="_wifiFrames"/> were committed: a rollback drops only the failed batch's.</summary>
        private int _committedWifiFrames;

        /// <summary>
        /// After <see cref="Commit"/>: the acknowledgements of the Wi-Fi frames, one per node for its newest frame (nodes
        /// send in order, and a retransmission was recognised as a duplicate), with the frames before it the gateway
        /// holds; the frames are forgotten.
        /// </summary>
        public List<WifiAck> TakeWifiAcks()
        {
            var newest = new Dictionary<string, (int Boot, int Sequence)>();
            var nodes = new List<string>();
            foreach (var (node, boot, sequence) in _wifiFrames)
            {
                if (!newest.ContainsKey(node))
                {
                    nodes.Add(node);
                }

                newest[node] = (boot, sequence);
            }

            _wifiFrames.Clear();
            _committedWifiFrames = 0;
            var acks = new List<WifiAck>(nodes.Count);
            foreach (string node in nodes)
            {
                var (boot, sequence) = newest[node];
                int held = 0;
                for (int i = 0; i < NodeAck.HeldFrames; i++)
                {
                    held |= _dedup.Holds(node, boot, NodeAck.HeldSequence(sequence, i)) ? 1 << i : 0;
                }

                acks.Add(new WifiAck(node, boot, sequence, held));
            }

            return acks;
        }

        public string[] SubscriptionFilters => _router.Filters();

        /// <summary>Adds what the message becomes to the batch; never throws (see the class comment).</summary>
        public void Add(CommitBatch batch, string topic, byte[] payload, long receivedMs, int oversizeBytes)
        {
            var mark = (batch.Messages.Count, batch.Quarantine.Count, _pendingDirectory.Count);
            (_currentNode, _keyWithoutRow) = (null, null);
            try
            {
                AddMessage(batch, topic, payload, receivedMs, oversizeBytes);
            }
            catch (Exception e)
            {
                QuarantineInternalError(batch, mark, SourceOf(topic), topic, payload, receivedMs, e);
            }

            KeepKeyWithoutRow(batch);
        }

        /// <summary>
        /// Adds an uplink that came from no broker (the gateway's own sensor, Board/) as the sources' uplinks go on from
        /// parsing; never throws, like the other Add.
        /// </summary>
        public void Add(CommitBatch batch, Uplink uplink)
        {
            var mark = (batch.Messages.Count, batch.Quarantine.Count, _pendingDirectory.Count);
            (_currentNode, _keyWithoutRow) = (null, null);
            try
            {
                AddUplink(batch, uplink);
            }
            catch (Exception e)
            {
                QuarantineInternalError(batch, mark, uplink.Source, uplink.Topic, uplink.Frame, uplink.ReceivedMs, e);
            }

            KeepKeyWithoutRow(batch);
        }

        private void KeepKeyWithoutRow(CommitBatch batch)
        {
            if (_keyWithoutRow is { } key)
            {
                batch.SeenFrames.Add(key);
            }
        }

        private void QuarantineInternalError(CommitBatch batch, (int Messages, int Quarantined, int Directory) mark, UplinkSource source, string topic, byte[] payload,
            long receivedMs, Exception e)
        {
            // Half-made rows of this message go; its dedup key and acknowledgement stay: the gateway holds the
            // frame, as the dead letter below, so the node need not send it again.
            batch.Messages.RemoveRange(mark.Messages, batch.Messages.Count - mark.Messages);
            batch.Quarantine.RemoveRange(mark.Quarantined, batch.Quarantine.Count - mark.Quarantined);
            _pendingDirectory.RemoveRange(mark.Directory, _pendingDirectory.Count - mark.Directory);
            string detail = e.GetType().FullName + ": " + e.Message;
            try
            {
                Quarantine(batch, new SourceRejection(source, topic, _currentNode, payload, receivedMs, InternalError, detail));
            }
            catch (Exception again)
            {
                // Not even the quarantine took it (a topic or message JSON cannot hold): keep the bytes without them.
                Quarantine(batch, new SourceRejection(source, "", null, payload, receivedMs, InternalError,
                    e.GetType().FullName + ", then " + again.GetType().FullName));
            }
        }

        private UplinkSource SourceOf(string topic) =>
            _sources.ChirpStack.Enabled && TopicFilter.Matches(_sources.ChirpStack.Topic, topic) ? UplinkSource.ChirpStack
            : _sources.TheThingsStack.Enabled && TopicFilter.Matches(_sources.TheThingsStack.Topic, topic) ? UplinkSource.TheThingsStack
            : UplinkSource.Wifi;

        private void AddMessage(CommitBatch batch, string topic, byte[] payload, long receivedMs, int oversizeBytes)
        {
            if (oversizeBytes > 0)
            {
                Quarantine(batch, new SourceRejection(UplinkSource.Wifi, topic, null, payload, receivedMs, "oversize",
                    "a payload of " + oversizeBytes + " bytes exceeded the gateway's packet limit and was not kept"));
                return;
            }

            switch (_router.Parse(topic, payload, receivedMs))
            {
                case SourceRejection rejection:
                    Quarantine(batch, rejection);
                    break;
                case Uplink uplink:
                    AddUplink(batch, uplink);
                    break;
                default:
                    batch.Count(Unclaimed, "");
                    break;
            }
        }

        /// <summary>Quarantines an input that never became an uplink (e.g. an unusable line of TTS's Storage Integration).</summary>
        public void Reject(CommitBatch batch, SourceRejection rejection) => Quarantine(batch, rejection);

        public void Commit()
        {
            _dedup.Commit();
            _filter.Commit();
            foreach (Action update in _pendingDirectory)
            {
                update();
            }

            _pendingDirectory.Clear();
            _committedWifiFrames = _wifiFrames.Count;
        }

        /// <summary>
        /// Undoes what the batch since the last <see cref="Commit"/> changed; Wi-Fi frames committed before and not yet
        /// acknowledged (the ingest's, when another writer's commit fails in between) stay.
        /// </summary>
        public void Rollback()
        {
            _dedup.Rollback();
            _filter.Rollback();
            _wifiFrames.RemoveRange(_committedWifiFrames, _wifiFrames.Count - _committedWifiFrames);
            _pendingDirectory.Clear();
        }

        private void AddUplink(CommitBatch batch, Uplink uplink)
        {
            string node = uplink.NodeId;
            _currentNode = node;
            // The gateway's own sensor is no stranger: its id is the gateway's, which no node can log in as.
            if (_nodes.UnknownNodePolicy == "quarantine" && !_nodes.Known.ContainsKey(node) && uplink.Source != UplinkSource.Gateway)
            {
                Quarantine(batch, new SourceRejection(uplink.Source, uplink.Topic, node, uplink.Frame, uplink.ReceivedMs, "unknown_node",
                    "node '" + node + "' is not in Smile:Nodes:Known and Smile:Nodes:UnknownNodePolicy is quarantine"));
                return;
            }

            if (uplink.LnsDedupId != null && _dedup.IsDuplicateNetworkId(uplink.LnsDedupId, uplink.ReceivedMs))
            {
                batch.Count(Duplicates, node);
                return;
            }

            if (!_rate.Allow(node, uplink.ReceivedMs))
            {
                batch.Count(RateLimited, node);
                return;
            }

            DecodeResult decoded = FrameDecoder.Decode(uplink.Frame);
            if (!decoded.Ok)
            {
                Quarantine(batch, new SourceRejection(uplink.Source, uplink.Topic, node, uplink.Frame, uplink.ReceivedMs, decoded.ErrorName, decoded.ErrorMessage),
                    decoded.ErrorByte);
                return;
            }

            Frame frame = decoded.Frame!;
            _pendingDirectory.Add(() => _directory.Heard(uplink, frame));
            if (_dedup.IsDuplicateFrame(node, frame.Boot, frame.Sequence, uplink.ReceivedMs))
            {
                batch.Count(Duplicates, node);
                if (uplink.Source == UplinkSource.Wifi)
                {
                    // The node sends a frame again when it missed the acknowledgement: acknowledge again.
                    _wifiFrames.Add((node, frame.Boot, frame.Sequence));
                }

                return;
            }

            _dedup.Remember(node, frame.Boot, frame.Sequence, uplink.ReceivedMs);
            _keyWithoutRow = (node, frame.Boot, frame.Sequence, uplink.ReceivedMs);
            if (uplink.LnsDedupId != null)
            {
                // Kept in memory only: after a restart the frame's own (node, boot, sequence) still catches a repeat.
                _dedup.RememberNetworkId(uplink.LnsDedupId, uplink.ReceivedMs);
            }

            if (uplink.Source == UplinkSource.Wifi)
            {
                _wifiFrames.Add((node, frame.Boot, frame.Sequence));
            }

            MessageMeta meta = MessageMeta.ForUplink(uplink);
            meta.GatewayClockUnsynced = (batch.ClockUnsynchronized ?? _clock?.Unsynchronized) == true ? true : null;
            for (int i = 0; i < decoded.WarningCount; i++)
            {
                (meta.Warnings ??= new List<string>()).Add(decoded.Warning(i).Name);
            }

            MessageKind kind = frame.Type == FrameFormat.TypeStatus ? MessageKind.Status : MessageKind.Measurement;
            if (frame.Type == FrameFormat.TypeMeasurement && !ApplyFilters(batch, node, frame, uplink.ReceivedMs, meta))
            {
                return;
            }

            if (frame.Type != FrameFormat.TypeMeasurement && frame.Type != FrameFormat.TypeStatus)
            {
                // A frame type newer than this gateway: kept for inspection, counted, and not lost.
                Quarantine(batch, new SourceRejection(uplink.Source, uplink.Topic, node, uplink.Frame, uplink.ReceivedMs, "unknown_frame_type",
                    "frame type " + frame.Type + " is not known to this gateway"));
                return;
            }

            // The row keeps the frame's dedup key, and hands it to the seen keys when it goes (Schema.DedupKeysInOutbox).
            batch.Messages.Add(new StoredMessage(0, kind, node, uplink.ReceivedMs, meta.ToJson(), uplink.Frame)
            {
                Samples = frame.SampleCount,
                DedupKey = (frame.Boot, frame.Sequence),
            });
            _keyWithoutRow = null;
        }

        /// <summary>False when every sample was filtered out (then nothing is stored; the count says how many).</summary>
        private bool ApplyFilters(CommitBatch batch, string node, Frame frame, long receivedMs, MessageMeta meta)
        {
            if (!_filter.Enabled)
            {
                return true;
            }

            for (int i = 0; i < frame.SampleCount; i++)
            {
                Sample sample = frame.Samples[i];
                long observedMs = frame.ClockSynced ? sample.Time * 1000 : receivedMs + sample.Time * 1000;
                if (!_filter.Forward(node, sample, observedMs))
                {
                    (meta.Skipped ??= new List<int>()).Add(i);
                    batch.Count(Filtered, node);
                }
            }

            return meta.Skipped == null || meta.Skipped.Count < frame.SampleCount;
        }

        private void Quarantine(CommitBatch batch, SourceRejection r, int? errorByte = null)
        {
            string source = UplinkSourceNames.Of(r.Source);
            if (r.NodeId != null)
            {
                string node = r.NodeId, transport = UplinkSourceNames.TransportOf(r.Source);
                _pendingDirectory.Add(() => _directory.Rejected(node, transport, r.ReceivedMs, r.Reason));
            }

            // Both keep an excerpt: a node sending 64 KiB of garbage costs the SD card and the uplink a few KiB.
            RawExcerpt raw = RawExcerpt.Of(r.Raw);
            var meta = new MessageMeta { Source = source, Topic = r.Topic, Reason = r.Reason, Byte = errorByte, Message = r.Message };
            if (raw.Truncated)
            {
                (meta.RawLength, meta.RawSha256) = (raw.Length, raw.Sha256);
            }

            var row = new StoredMessage(0, MessageKind.DeadLetter, r.NodeId ?? "", r.ReceivedMs, meta.ToJson(), raw.Kept);
            string message = raw.Truncated ? r.Message + " (raw: the first " + raw.Kept.Length + " of " + raw.Length + " bytes, SHA-256 " + raw.Sha256 + ")" : r.Message;
            batch.Quarantine.Add(new QuarantineEntry(r.ReceivedMs, source, r.Topic, r.NodeId, r.Reason, errorByte, message, raw.Kept));
            batch.Messages.Add(row);
            batch.Count(Quarantined, r.NodeId ?? "");
        }
    }
}
