using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks.Formats;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// Turns an outbox row into the normalized messages integrators receive (schema in gateway/schema/). Rendering
    /// depends only on the row and the configuration, so a message resent after a crash is the same message with
    /// the same message_id.
    /// </summary>
    public sealed class MessageRenderer
    {
        public const string Codec = "smile-frame/1";

        private readonly GatewayOptions _options;
        private readonly Topics _topics;
        private readonly bool _normalized;
        private readonly List<IPlatformFormat> _formats = new List<IPlatformFormat>();

        public MessageRenderer(GatewayOptions options)
        {
            _options = options;
            _topics = new Topics(options.Upstream.TopicPrefix);
            string[] formats = options.Upstream.FormatList();
            _normalized = formats.Contains("normalized");
            if (formats.Contains("senml"))
            {
                _formats.Add(new SenMlFormat(options.Upstream.TopicPrefix));
            }

            if (formats.Contains("sensorthings"))
            {
                _formats.Add(new SensorThingsFormat(SensorThingsFormat.ReadMapping(options.Upstream.SensorThings.MappingFile), options.Upstream.SensorThings.Version));
            }

            if (formats.Contains("ngsi-ld"))
            {
                _formats.Add(new NgsiLdFormat(options.Upstream.TopicPrefix, options.Upstream.Locations));
            }
        }

        public Topics Topics => _topics;

        public string SiteOf(string node) => _options.Nodes.Known.TryGetValue(node, out string? site) ? site : _options.Gateway.Site;

        public List<(string Topic, byte[] Payload)> Render(StoredMessage row)
        {
            MessageMeta meta = MessageMeta.Parse(row.Meta);
            if (row.Kind == MessageKind.DeadLetter)
            {
                return new List<(string, byte[])> { (_topics.DeadLetter(SiteOf(row.Node)), DeadLetter(row, meta)) };
            }

            DecodeResult decoded = FrameDecoder.Decode(row.Frame);
            if (!decoded.Ok)
            {
                // Only frames that decoded are stored as measurements; this guards against a damaged row.
                var damaged = new MessageMeta { Source = meta.Source, Reason = decoded.ErrorName, Message = decoded.ErrorMessage, Topic = "" };
                return new List<(string, byte[])> { (_topics.DeadLetter(SiteOf(row.Node)), DeadLetter(row, damaged)) };
            }

            Frame frame = decoded.Frame!;
            string site = SiteOf(row.Node);
            var messages = new List<(string, byte[])>();
            if (row.Kind == MessageKind.Status)
            {
                messages.Add((_topics.NodeStatus(site, row.Node), Json(Status(row, meta, frame, site))));
                return messages;
            }

            for (int i = 0; i < frame.SampleCount; i++)
            {
                if (meta.Skipped != null && meta.Skipped.Contains(i))
                {
                    continue;
                }

                JsonObject measurement = Measurement(row, meta, frame, i, site);
                if (_normalized)
                {
                    messages.Add((_topics.Measurement(site, row.Node), Json(measurement)));
                }

                foreach (IPlatformFormat format in _formats)
                {
                    messages.AddRange(format.From(measurement));
                }
            }

            return messages;
        }

        private JsonObject Measurement(StoredMessage row, MessageMeta meta, Frame frame, int index, string site)
        {
            Sample sample = frame.Samples[index];
            bool synced = frame.ClockSynced;
            long observedMs = synced ? sample.Time * 1000 : row.ReceivedMs + sample.Time * 1000;
            var quality = new JsonArray();
            if (!synced)
            {
                quality.Add("clock_unsynced");
            }

            var readings = new JsonArray();
            foreach (Reading reading in Readings.All)
            {
                if (!sample.Has(reading.Field))
                {
                    continue;
                }

                var item = new JsonObject { ["name"] = reading.Name };
                if (Fields.IsBoolean(reading.Field))
                {
                    item["value"] = sample.Get(reading.Field) != 0;
                }
                else
                {
                    item["value"] = reading.Value(sample);
                    item["unit"] = reading.Unit;
                    double value = sample.GetValue(reading.Field);
                    if (_options.Nodes.Plausible.TryGetValue(reading.CodecName, out RangeSetting? range) && (value < range.Min || value > range.Max))
                    {
                        quality.Add("implausible:" + reading.Name);
                    }
                }

                readings.Add(item);
            }

            foreach (string warning in meta.Warnings ?? new List<string>())
            {
                quality.Add("decoder:" + warning);
            }

            if (meta.GatewayClockUnsynced == true)
            {
                quality.Add("gateway_clock_unsynced");
            }

            var message = Envelope("smile.measurement.v1", MessageId(row, frame, index), row, site);
            message["observed_at"] = Time(observedMs);
            message["observed_time_source"] = synced ? "node_clock" : "receive_time_minus_age";
            message["readings"] = readings;
            message["quality"] = quality;
            message["link"] = Link(meta);
            message["frame"] = FrameInfo(frame, index);
            if (index == frame.SampleCount - 1 && frame.Radar != null)
            {
                message["radar"] = new JsonObject
                {
                    ["state"] = RadarReport.StateName(frame.Radar.TargetState),
                    ["moving_cm"] = frame.Radar.MovingDistanceCm,
                    ["stationary_cm"] = frame.Radar.StationaryDistanceCm,
                };
            }

            return message;
        }

        private JsonObject Status(StoredMessage row, MessageMeta meta, Frame frame, string site)
        {
            NodeStatus s = frame.Status!;
            var message = Envelope("smile.node-status.v1", MessageId(row, frame, 0), row, site);
            if (frame.ClockSynced)
            {
                message["node_time"] = Time(frame.TransmitTime * 1000);
            }

            message["firmware"] = s.FirmwareMajor + "." + s.FirmwareMinor + "." + s.FirmwarePatch;
            message["reset_reason"] = ResetReason.Name(s.ResetReason);
            message["config_version"] = s.ConfigVersion;
            message["uptime_s"] = s.UptimeSeconds;
            message["buffered_samples"] = s.BufferedSamples;
            message["dropped_samples"] = s.DroppedSamples;
            if (s.HasBattery)
            {
                message["battery_v"] = Fields.ToValue(Fields.Battery, s.BatteryRaw);
            }

            JsonObject link = Link(meta);
            if (s.HasLink)
            {
                link["node_rssi_dbm"] = s.RssiDbm;
                if (s.SnrQuarterDb != NodeStatus.NoSnr)
                {
                    link["node_snr_db"] = s.SnrQuarterDb / 4.0;
                }
            }

            message["link"] = link;
            message["frame"] = FrameInfo(frame, 0);
            return message;
        }

        private byte[] DeadLetter(StoredMessage row, MessageMeta meta)
        {
            var message = Envelope("smile.dead-letter.v1", _options.Gateway.Id + ":dl:" + row.ReceivedMs + ":" + row.Id, row, SiteOf(row.Node));
            message["node_id"] = row.Node.Length > 0 ? row.Node : null;
            message["source"] = meta.Source;
            message["source_topic"] = meta.Topic;
            message["reason"] = meta.Reason;
            message["byte"] = meta.Byte;
            message["detail"] = meta.Message;

            // Rows stored before dead letters kept an excerpt can hold up to 64 KiB: cut here too, so every dead letter
            // fits one MQTT packet (the client refuses over 256 KiB, and would on every start).
            RawExcerpt raw = RawExcerpt.Of(row.Frame);
            message["raw_base64"] = Convert.ToBase64String(raw.Kept);
            message["raw_length"] = meta.RawLength ?? raw.Length;
            message["raw_sha256"] = meta.RawSha256 ?? raw.Sha256;
            message["raw_truncated"] = meta.RawLength != null || raw.Truncated;
            return Json(message);
        }

        private JsonObject Envelope(string schema, string id, StoredMessage row, string site) => new JsonObject
        {
            ["schema"] = schema,
            ["message_id"] = id,
            ["gateway_id"] = _options.Gateway.Id,
            ["site"] = site,
            ["node_id"] = row.Node,
            ["received_at"] = Time(row.ReceivedMs),
        };

        /// <summary>Node, boot, sequence and sample name the reading; the first receive time keeps ids unique across wraps.</summary>
        private static string MessageId(StoredMessage row, Frame frame, int index) =>
            row.Node + ":" + frame.Boot + ":" + frame.Sequence + ":" + index + ":" + row.ReceivedMs;

        private static JsonObject Link(MessageMeta meta)
        {
            var link = new JsonObject { ["transport"] = meta.Transport, ["source"] = meta.Source };
            if (meta.Rssi != null)
            {
                link["rssi_dbm"] = meta.Rssi;
            }

            if (meta.Snr != null)
            {
                link["snr_db"] = meta.Snr;
            }

            if (meta.Gateway != null)
            {
                link["lorawan_gateway"] = meta.Gateway;
            }

            if (meta.FCnt != null)
            {
                link["f_cnt"] = meta.FCnt;
            }

            if (meta.FPort != null)
            {
                link["f_port"] = meta.FPort;
            }

            return link;
        }

        private static JsonObject FrameInfo(Frame frame, int index) => new JsonObject
        {
            ["codec"] = Codec,
            ["seq"] = frame.Sequence,
            ["boot"] = frame.Boot,
            ["sample"] = index,
            ["samples"] = frame.SampleCount,
        };

        private static string Time(long unixMs) =>
            DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private static byte[] Json(JsonObject message) => JsonSerializer.SerializeToUtf8Bytes(message);
    }
}
