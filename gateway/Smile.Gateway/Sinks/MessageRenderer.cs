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
                var damaged = new MessageMeta { Source = meta.Source, Reason = decoded.ErrorName, Message = decoded.ErrorMessage, Topic = "", ClockStepMs = meta.ClockStepMs };
                return new List<(string, byte[])> { (_topics.DeadLetter(SiteOf(row.Node)), DeadLetter(row, damaged)) };
            }

            Frame frame = decoded.Frame!;
            string site = SiteOf(row.Node);
            var messages = new List<(string, byte[])>();
            if (row.Kind == MessageKind.Status)
            {
                messages.Add((_topics.NodeStatus(site, row.Node), JsonBytes.Of(Status(row, meta, frame, site))));
                return messages;
            }

            for (int i = 0; i < frame.SampleCount; i++)
            {
                if (meta.Skipped != null && meta.Skipped.Contains(i))
                {
                    continue;
                }

                byte[] measurement = Measurement(row, meta, frame, i, site);
                if (_normalized)
                {
                    messages.Add((_topics.Measurement(site, row.Node), measurement));
                }

                if (_formats.Count > 0)
                {
                    // The formats map the normalized message as published, so they see exactly what integrators see.
                    JsonObject parsed = JsonNode.Parse(measurement)!.AsObject();
                    foreach (IPlatformFormat format in _formats)
                    {
                        messages.AddRange(format.From(parsed));
                    }
                }
            }

            return messages;
        }

        /// <summary>
        /// One sample as smile.measurement.v1, written straight to UTF-8: the hot path's message, so no JSON tree (the
        /// status and dead-letter messages, rare, keep theirs). The writer escapes and formats numbers as the
        /// serializer does, so the bytes are those of the tree (tests/vectors/rendered.txt).
        /// </summary>
        private byte[] Measurement(StoredMessage row, MessageMeta meta, Frame frame, int index, string site)
        {
            Sample sample = frame.Samples[index];
            bool synced = frame.ClockSynced;
            long observedMs = synced ? sample.Time * 1000 : row.ReceivedMs + sample.Time * 1000;
            Utf8JsonWriter json = MeasurementWriter.Start();
            WriteEnvelope(json, "smile.measurement.v1", row, meta, site, frame, index);
            WriteTime(json, "observed_at", observedMs);
            json.WriteString("observed_time_source", synced ? "node_clock" : "receive_time_minus_age");
            json.WriteStartArray("readings");
            List<string>? implausible = null;
            foreach (Reading reading in Readings.All)
            {
                if (!sample.Has(reading.Field))
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("name", reading.Name);
                if (Fields.IsBoolean(reading.Field))
                {
                    json.WriteBoolean("value", sample.Get(reading.Field) != 0);
                }
                else
                {
                    json.WriteNumber("value", reading.Value(sample));
                    json.WriteString("unit", reading.Unit);
                    double value = sample.GetValue(reading.Field);
                    if (_options.Nodes.Plausible.TryGetValue(reading.CodecName, out RangeSetting? range) && (value < range.Min || value > range.Max))
                    {
                        (implausible ??= new List<string>()).Add(reading.Name);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("quality");
            if (!synced)
            {
                json.WriteStringValue("clock_unsynced");
            }

            foreach (string name in implausible ?? (IEnumerable<string>)Array.Empty<string>())
            {
                json.WriteStringValue("implausible:" + name);
            }

            foreach (string warning in meta.Warnings ?? (IEnumerable<string>)Array.Empty<string>())
            {
                json.WriteStringValue("decoder:" + warning);
            }

            // Corrected says more than unsynced: the time was wrong at receipt and has been put right since.
            if (meta.ClockStepMs != null)
            {
                json.WriteStringValue("gateway_clock_corrected");
            }
            else if (meta.GatewayClockUnsynced == true)
            {
                json.WriteStringValue("gateway_clock_unsynced");
            }

            json.WriteEndArray();
            json.WritePropertyName("link");
            WriteLink(json, meta);
            json.WritePropertyName("frame");
            WriteFrameInfo(json, frame, index);
            if (index == frame.SampleCount - 1 && frame.Radar != null)
            {
                json.WriteStartObject("radar");
                json.WriteString("state", RadarReport.StateName(frame.Radar.TargetState));
                json.WriteNumber("moving_cm", frame.Radar.MovingDistanceCm);
                json.WriteNumber("stationary_cm", frame.Radar.StationaryDistanceCm);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            return MeasurementWriter.Finish(json);
        }

        /// <summary>The envelope's fields as <see cref="Envelope"/> makes them, with the message id formatted in place.</summary>
        private void WriteEnvelope(Utf8JsonWriter json, string schema, StoredMessage row, MessageMeta meta, string site, Frame frame, int index)
        {
            json.WriteStartObject();
            json.WriteString("schema", schema);
            Span<char> id = stackalloc char[row.Node.Length + 64];
            int length = 0;
            bool fits = row.Node.AsSpan().TryCopyTo(id) & Append(id, ref length, row.Node.Length, frame.Boot) & Append(id, ref length, 0, frame.Sequence)
                & Append(id, ref length, 0, index) & Append(id, ref length, 0, FirstStampMs(row, meta));
            json.WriteString("message_id", fits ? id.Slice(0, length) : MessageId(row, meta, frame, index));
            json.WriteString("gateway_id", _options.Gateway.Id);
            json.WriteString("site", site);
            json.WriteString("node_id", row.Node);
            WriteTime(json, "received_at", row.ReceivedMs);
        }

        /// <summary>Appends ":" and the number to the id being formatted (after <paramref name="start"/> chars the first time).</summary>
        private static bool Append(Span<char> id, ref int length, int start, long number)
        {
            length = Math.Max(length, start);
            if (length >= id.Length)
            {
                return false;
            }

            id[length++] = ':';
            bool ok = number.TryFormat(id.Slice(length), out int written, default, CultureInfo.InvariantCulture);
            length += written;
            return ok;
        }

        private static void WriteTime(Utf8JsonWriter json, string name, long unixMs)
        {
            Span<byte> text = stackalloc byte[IsoTime.Length];
            IsoTime.Write(unixMs, text);
            json.WriteString(name, text);
        }

        private static void WriteLink(Utf8JsonWriter json, MessageMeta meta)
        {
            json.WriteStartObject();
            json.WriteString("transport", meta.Transport);
            json.WriteString("source", meta.Source);
            if (meta.Rssi is int rssi)
            {
                json.WriteNumber("rssi_dbm", rssi);
            }

            if (meta.Snr is double snr)
            {
                json.WriteNumber("snr_db", snr);
            }

            if (meta.Gateway != null)
            {
                json.WriteString("lorawan_gateway", meta.Gateway);
            }

            if (meta.FCnt is long fcnt)
            {
                json.WriteNumber("f_cnt", fcnt);
            }

            if (meta.FPort is int port)
            {
                json.WriteNumber("f_port", port);
            }

            json.WriteEndObject();
        }

        private static void WriteFrameInfo(Utf8JsonWriter json, Frame frame, int index)
        {
            json.WriteStartObject();
            json.WriteString("codec", Codec);
            json.WriteNumber("seq", frame.Sequence);
            json.WriteNumber("boot", frame.Boot);
            json.WriteNumber("sample", index);
            json.WriteNumber("samples", frame.SampleCount);
            json.WriteEndObject();
        }

        private JsonObject Status(StoredMessage row, MessageMeta meta, Frame frame, string site)
        {
            NodeStatus s = frame.Status!;
            var message = Envelope("smile.node-status.v1", MessageId(row, meta, frame, 0), row, site);
            if (frame.ClockSynced)
            {
                message["node_time"] = IsoTime.Text(frame.TransmitTime * 1000);
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
            var message = Envelope("smile.dead-letter.v1", _options.Gateway.Id + ":dl:" + FirstStampMs(row, meta) + ":" + row.Id, row, SiteOf(row.Node));
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
            return JsonBytes.Of(message);
        }

        private JsonObject Envelope(string schema, string id, StoredMessage row, string site) => new JsonObject
        {
            ["schema"] = schema,
            ["message_id"] = id,
            ["gateway_id"] = _options.Gateway.Id,
            ["site"] = site,
            ["node_id"] = row.Node,
            ["received_at"] = IsoTime.Text(row.ReceivedMs),
        };

        /// <summary>Node, boot, sequence and sample name the reading; the first receive time keeps ids unique across wraps.</summary>
        private static string MessageId(StoredMessage row, MessageMeta meta, Frame frame, int index) =>
            row.Node + ":" + frame.Boot + ":" + frame.Sequence + ":" + index + ":" + FirstStampMs(row, meta);

        /// <summary>
        /// received_at as first stamped, before a correction of the clock (<see cref="MessageMeta.ClockStepMs"/>): ids
        /// are made of it, so a row that went out before its correction goes out again under the same id.
        /// </summary>
        private static long FirstStampMs(StoredMessage row, MessageMeta meta) => row.ReceivedMs - (meta.ClockStepMs ?? 0);

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
    }
}
