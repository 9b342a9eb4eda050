using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Ingest.Messages
{
    /// <summary>
    /// Reads one message of the normalized stream (gateway/schema/*.json) into typed rows. Whatever does not fit the
    /// schema becomes a RejectedMessage with a reason and the field at fault; the parser never throws.
    /// </summary>
    public sealed class MessageParser
    {
        /// <summary>
        /// No reading of a Smile node comes near this (pressure ~1e5 Pa, gas resistance ~1e7 Ohm); larger finite values
        /// are refused so that sums in the hourly aggregates can never overflow.
        /// </summary>
        public const double MaxMagnitude = 1e12;
        private const int MaxTextLength = 256;
        private readonly int _maxPayloadBytes;

        public MessageParser(int maxPayloadBytes)
        {
            _maxPayloadBytes = maxPayloadBytes;
        }

        public ParsedMessage Parse(InboundMessage message)
        {
            if (message.Payload.Length > _maxPayloadBytes)
            {
                return new RejectedMessage(message, RejectReason.Oversize, message.Payload.Length + " bytes, limit " + _maxPayloadBytes, null);
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(message.Payload);
            }
            catch (JsonException e)
            {
                return new RejectedMessage(message, RejectReason.MalformedJson, e.Message, null);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return new RejectedMessage(message, RejectReason.MalformedJson, "not a JSON object", null);
                }

                string? messageId = root.TryGetProperty("message_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                try
                {
                    var fields = new Fields(root);
                    string schema = fields.Text("schema");
                    if (schema == "smile.gateway-status.v1")
                    {
                        return new SkippedMessage(message, schema);
                    }

                    if (string.IsNullOrEmpty(messageId))
                    {
                        return new RejectedMessage(message, RejectReason.MissingMessageId, null, null);
                    }

                    fields.Text("message_id");
                    return schema switch
                    {
                        "smile.measurement.v1" => Measurement(message, messageId, fields),
                        "smile.node-status.v1" => NodeStatus(message, messageId, fields),
                        "smile.dead-letter.v1" => DeadLetter(message, messageId, fields),
                        _ => new RejectedMessage(message, RejectReason.UnknownSchema, schema, messageId),
                    };
                }
                catch (FieldException e)
                {
                    return new RejectedMessage(message, e.Reason, e.Detail, messageId);
                }
            }
        }

        private static MeasurementMessage Measurement(InboundMessage message, string messageId, Fields m)
        {
            var quality = new List<string>();
            foreach (var flag in m.Array("quality"))
            {
                quality.Add(Fields.TextOf(flag, "quality[]"));
            }

            var readings = new List<Reading>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in m.Array("readings"))
            {
                var r = new Fields(item, "readings[].");
                string name = r.Text("name");
                if (!names.Add(name))
                {
                    throw new FieldException(RejectReason.BadField, "readings: " + name + " twice");
                }

                bool implausible = quality.Contains("implausible:" + name);
                if (name == "presence")
                {
                    readings.Add(new Reading(name, null, r.Bool("value"), null, implausible));
                    continue;
                }

                double value = r.Number("value");
                if (Math.Abs(value) > MaxMagnitude)
                {
                    throw new FieldException(RejectReason.ValueOutOfRange + ":" + name, value.ToString("R", CultureInfo.InvariantCulture));
                }

                readings.Add(new Reading(name, value, null, r.Text("unit"), implausible));
            }

            if (readings.Count == 0)
            {
                throw new FieldException(RejectReason.BadField, "readings: none");
            }

            var link = m.Object("link");
            var frame = m.Object("frame");
            var radar = m.OptionalObject("radar");
            return new MeasurementMessage(message, messageId, m.Text("site"), m.Text("node_id"), m.Text("gateway_id"),
                m.Time("observed_at"), m.Time("received_at"), m.Text("observed_time_source"), quality, readings,
                new LinkFacts(link.Text("transport"), link.Text("source"), link.OptionalInt("rssi_dbm"), link.OptionalNumber("snr_db"),
                    link.OptionalText("lorawan_gateway"), link.OptionalLong("f_cnt"), link.OptionalInt("f_port")),
                new FrameFacts(frame.Int("seq"), frame.Int("boot"), frame.Int("sample"), frame.Int("samples")),
                radar == null ? null : new RadarFacts(radar.Text("state"), radar.Int("moving_cm"), radar.Int("stationary_cm")));
        }

        private static NodeStatusMessage NodeStatus(InboundMessage message, string messageId, Fields s) =>
            new NodeStatusMessage(message, messageId, s.Text("site"), s.Text("node_id"), s.Text("gateway_id"), s.Time("received_at"),
                s.OptionalTime("node_time"), s.Text("firmware"), s.Text("reset_reason"), s.Long("config_version"), s.Long("uptime_s"),
                s.Long("buffered_samples"), s.Long("dropped_samples"), s.OptionalNumber("battery_v"), s.Json("link"), s.Json("frame"));

        private static GatewayDeadLetterMessage DeadLetter(InboundMessage message, string messageId, Fields d)
        {
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(d.Text("raw_base64", 8192));
            }
            catch (FormatException)
            {
                throw new FieldException(RejectReason.BadField, "raw_base64");
            }

            return new GatewayDeadLetterMessage(message, messageId, d.Text("site"), d.OptionalText("node_id"), d.Text("gateway_id"),
                d.Time("received_at"), d.Text("source"), d.OptionalText("source_topic"), d.Text("reason"), d.OptionalInt("byte"),
                d.OptionalText("detail", 4096), raw, d.OptionalInt("raw_length"), d.OptionalText("raw_sha256"), d.OptionalBool("raw_truncated"));
        }

        private sealed class FieldException : Exception
        {
            public FieldException(string reason, string? detail)
                : base(reason + ": " + detail)
            {
                Reason = reason;
                Detail = detail;
            }

            public string Reason { get; }

            public string? Detail { get; }
        }

        /// <summary>Typed access to one JSON object's fields; a missing or mistyped field throws a FieldException naming it.</summary>
        private sealed class Fields
        {
            private readonly JsonElement _object;
            private readonly string _path;

            public Fields(JsonElement element, string path = "")
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new FieldException(RejectReason.BadField, path.TrimEnd('.') + ": not an object");
                }

                _object = element;
                _path = path;
            }

            public static string TextOf(JsonElement element, string path, int maxLength = MaxTextLength)
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new FieldException(RejectReason.BadField, path + ": not a string");
                }

                string text = element.GetString()!;
                if (text.Length == 0 || text.Length > maxLength)
                {
                    throw new FieldException(RejectReason.BadField, path + ": length " + text.Length + ", allowed 1.." + maxLength);
                }

                return text;
            }

            public string Text(string name, int maxLength = MaxTextLength) => TextOf(Required(name), _path + name, maxLength);

            public string? OptionalText(string name, int maxLength = MaxTextLength) => Present(name, out var e) ? TextOf(e, _path + name, maxLength) : null;

            public bool Bool(string name) => BoolOf(Required(name), name);

            public bool? OptionalBool(string name) => Present(name, out var e) ? BoolOf(e, name) : null;

            public double Number(string name) => NumberOf(Required(name), name);

            public double? OptionalNumber(string name) => Present(name, out var e) ? NumberOf(e, name) : null;

            public long Long(string name) => LongOf(Required(name), name, long.MinValue, long.MaxValue);

            public long? OptionalLong(string name) => Present(name, out var e) ? LongOf(e, name, long.MinValue, long.MaxValue) : null;

            public int Int(string name) => (int)LongOf(Required(name), name, int.MinValue, int.MaxValue);

            public int? OptionalInt(string name) => Present(name, out var e) ? (int)LongOf(e, name, int.MinValue, int.MaxValue) : null;

            public DateTimeOffset Time(string name) => TimeOf(Required(name), name);

            public DateTimeOffset? OptionalTime(string name) => Present(name, out var e) ? TimeOf(e, name) : null;

            public Fields Object(string name) => new Fields(Required(name), _path + name + ".");

            public Fields? OptionalObject(string name) => Present(name, out var e) ? new Fields(e, _path + name + ".") : null;

            public JsonObject Json(string name)
            {
                var element = Required(name);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new FieldException(RejectReason.BadField, _path + name + ": not an object");
                }

                return JsonNode.Parse(element.GetRawText())!.AsObject();
            }

            public JsonElement.ArrayEnumerator Array(string name)
            {
                var element = Required(name);
                if (element.ValueKind != JsonValueKind.Array)
                {
                    throw new FieldException(RejectReason.BadField, _path + name + ": not an array");
                }

                return element.EnumerateArray();
            }

            private JsonElement Required(string name)
            {
                if (!Present(name, out var element))
                {
                    throw new FieldException(RejectReason.MissingField, _path + name);
                }

                return element;
            }

            private bool Present(string name, out JsonElement element) =>
                _object.TryGetProperty(name, out element) && element.ValueKind != JsonValueKind.Null;

            private bool BoolOf(JsonElement e, string name) => e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FieldException(RejectReason.BadField, _path + name + ": not a boolean"),
            };

            private double NumberOf(JsonElement e, string name)
            {
                if (e.ValueKind != JsonValueKind.Number)
                {
                    throw new FieldException(RejectReason.BadField, _path + name + ": not a number");
                }

                // TryGetDouble refuses what overflows a double (1e400): JSON has no infinity, and neither do we.
                if (!e.TryGetDouble(out double value) || !double.IsFinite(value))
                {
                    throw new FieldException(RejectReason.NonFiniteNumber, _path + name + ": " + e.GetRawText());
                }

                return value;
            }

            private long LongOf(JsonElement e, string name, long min, long max)
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long value) || value < min || value > max)
                {
                    throw new FieldException(RejectReason.BadField, _path + name + ": not an integer in " + min + ".." + max);
                }

                return value;
            }

            private DateTimeOffset TimeOf(JsonElement e, string name)
            {
                if (e.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
                {
                    throw new FieldException(RejectReason.BadField, _path + name + ": not an RFC 3339 time");
                }

                return time;
            }
        }
    }
}
