using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Smile.Ingest.Messages;

namespace Smile.Ingest.Storage
{
    /// <summary>
    /// One SQL statement per message. A message id already stored is skipped (ON CONFLICT DO NOTHING); when the stored
    /// row's payload hash differs, the same statement records the newcomer in ingest_dead_letter
    /// (duplicate_id_different_content): the first message stays, the conflict is visible.
    /// </summary>
    internal static class Statements
    {
        /// <summary>ingest_dead_letter keeps at most this much of a refused payload (its length and hash are of the whole).</summary>
        public const int MaxKeptPayloadBytes = 65536;

        private static readonly ConcurrentDictionary<string, string> Renumbered = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private const string DuplicateCheck =
            " INSERT INTO ingest_dead_letter (stream, stream_seq, subject, reason, detail, message_id, payload, payload_length, payload_sha256)"
            + " SELECT $a1, $a2, $a3, '" + RejectReason.DuplicateIdDifferentContent + "', 'the first message with this id is kept', $a4, $a5, $a6, $a7"
            + " WHERE NOT EXISTS (SELECT 1 FROM m) AND EXISTS (SELECT 1 FROM {table} WHERE message_id = $a4 AND payload_sha256 <> $a7)"
            + " ON CONFLICT DO NOTHING";

        public static NpgsqlBatchCommand? For(ParsedMessage message, string stream) => message switch
        {
            MeasurementMessage m => Measurement(m, stream),
            NodeStatusMessage s => NodeStatus(s, stream),
            GatewayDeadLetterMessage d => DeadLetter(d, stream),
            RejectedMessage r => Rejected(r, stream),
            _ => null,
        };

        private static NpgsqlBatchCommand Measurement(MeasurementMessage m, string stream)
        {
            const string insert =
                "WITH m AS (INSERT INTO measurement (message_id, site, node_id, gateway_id, observed_at, received_at, observed_time_source,"
                + " quality, transport, link_source, rssi_dbm, snr_db, lorawan_gateway, f_cnt, f_port, frame_seq, frame_boot, frame_sample,"
                + " frame_samples, radar_state, radar_moving_cm, radar_stationary_cm, payload_sha256, stream_seq)"
                + " VALUES ($a4, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $a7, $a2)"
                + " ON CONFLICT (message_id) DO NOTHING RETURNING message_id),"
                + " r AS (INSERT INTO reading (message_id, site, node_id, observed_at, name, value, present, unit, implausible)"
                + " SELECT m.message_id, $1, $2, $4, x.name, x.value, x.present, x.unit, x.implausible"
                + " FROM m, unnest($22::text[], $23::float8[], $24::bool[], $25::text[], $26::bool[]) AS x(name, value, present, unit, implausible))";
            var command = Command(insert + DuplicateCheck.Replace("{table}", "measurement"), m.Source, stream, m.MessageId);
            Add(command, m.Site);
            Add(command, m.NodeId);
            Add(command, m.GatewayId);
            Add(command, m.ObservedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(command, m.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(command, m.ObservedTimeSource);
            Add(command, m.Quality.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            Add(command, m.Link.Transport);
            Add(command, m.Link.Source);
            Add(command, m.Link.RssiDbm, NpgsqlDbType.Integer);
            Add(command, m.Link.SnrDb, NpgsqlDbType.Double);
            Add(command, m.Link.LorawanGateway, NpgsqlDbType.Text);
            Add(command, m.Link.FCnt, NpgsqlDbType.Bigint);
            Add(command, m.Link.FPort, NpgsqlDbType.Integer);
            Add(command, m.Frame.Seq, NpgsqlDbType.Integer);
            Add(command, m.Frame.Boot, NpgsqlDbType.Integer);
            Add(command, m.Frame.Sample, NpgsqlDbType.Integer);
            Add(command, m.Frame.Samples, NpgsqlDbType.Integer);
            Add(command, m.Radar?.State, NpgsqlDbType.Text);
            Add(command, m.Radar?.MovingCm, NpgsqlDbType.Integer);
            Add(command, m.Radar?.StationaryCm, NpgsqlDbType.Integer);
            Add(command, m.Readings.Select(r => r.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            Add(command, m.Readings.Select(r => r.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double);
            Add(command, m.Readings.Select(r => r.Present).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean);
            Add(command, m.Readings.Select(r => r.Unit).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            Add(command, m.Readings.Select(r => r.Implausible).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean);
            return command;
        }

        private static NpgsqlBatchCommand NodeStatus(NodeStatusMessage s, string stream)
        {
            const string insert =
                "WITH m AS (INSERT INTO node_status (message_id, site, node_id, gateway_id, received_at, node_time, firmware, reset_reason,"
                + " config_version, uptime_s, buffered_samples, dropped_samples, battery_v, link, frame, payload_sha256, stream_seq)"
                + " VALUES ($a4, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $a7, $a2)"
                + " ON CONFLICT (message_id) DO NOTHING RETURNING message_id)";
            var command = Command(insert + DuplicateCheck.Replace("{table}", "node_status"), s.Source, stream, s.MessageId);
            Add(command, s.Site);
            Add(command, s.NodeId);
            Add(command, s.GatewayId);
            Add(command, s.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(command, s.NodeTime?.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(command, s.Firmware);
            Add(command, s.ResetReason);
            Add(command, s.ConfigVersion, NpgsqlDbType.Bigint);
            Add(command, s.UptimeS, NpgsqlDbType.Bigint);
            Add(command, s.BufferedSamples, NpgsqlDbType.Bigint);
            Add(command, s.DroppedSamples, NpgsqlDbType.Bigint);
            Add(command, s.BatteryV, NpgsqlDbType.Double);
            Add(command, s.Link.ToJsonString(), NpgsqlDbType.Jsonb);
            Add(command, s.Frame.ToJsonString(), NpgsqlDbType.Jsonb);
            return command;
        }

        private static NpgsqlBatchCommand DeadLetter(GatewayDeadLetterMessage d, string stream)
        {
            const string insert =
                "WITH m AS (INSERT INTO dead_letter (message_id, site, node_id, gateway_id, received_at, source, source_topic, reason, byte,"
                + " detail, raw, raw_length, raw_sha256, raw_truncated, payload_sha256, stream_seq)"
                + " VALUES ($a4, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $a7, $a2)"
                + " ON CONFLICT (message_id) DO NOTHING RETURNING message_id)";
            var command = Command(insert + DuplicateCheck.Replace("{table}", "dead_letter"), d.Source, stream, d.MessageId);
            Add(command, d.Site);
            Add(command, d.NodeId, NpgsqlDbType.Text);
            Add(command, d.GatewayId);
            Add(command, d.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(command, d.SourceName);
            Add(command, d.SourceTopic, NpgsqlDbType.Text);
            Add(command, d.Reason);
            Add(command, d.Byte, NpgsqlDbType.Integer);
            Add(command, d.Detail, NpgsqlDbType.Text);
            Add(command, d.Raw, NpgsqlDbType.Bytea);
            Add(command, d.RawLength, NpgsqlDbType.Integer);
            Add(command, d.RawSha256, NpgsqlDbType.Text);
            Add(command, d.RawTruncated, NpgsqlDbType.Boolean);
            return command;
        }

        private static NpgsqlBatchCommand Rejected(RejectedMessage r, string stream)
        {
            var command = new NpgsqlBatchCommand(
                "INSERT INTO ingest_dead_letter (stream, stream_seq, subject, reason, detail, message_id, payload, payload_length, payload_sha256)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING");
            byte[] payload = r.Source.Payload;
            Add(command, stream);
            Add(command, (long)r.Source.StreamSeq, NpgsqlDbType.Bigint);
            Add(command, Clean(r.Source.Subject));
            Add(command, r.Reason);
            Add(command, r.Detail == null ? null : Clean(r.Detail), NpgsqlDbType.Text);
            Add(command, r.MessageId == null ? null : Clean(r.MessageId), NpgsqlDbType.Text);
            Add(command, payload.Length > MaxKeptPayloadBytes ? payload.AsSpan(0, MaxKeptPayloadBytes).ToArray() : payload, NpgsqlDbType.Bytea);
            Add(command, payload.Length, NpgsqlDbType.Integer);
            Add(command, SHA256.HashData(payload), NpgsqlDbType.Bytea);
            return command;
        }

        /// <summary>
        /// The shared parameters come first as $1..$7 of the statement text ($a1..$a7 are renamed to them, the message's
        /// own parameters shift by 7): stream, stream sequence, subject, message id, payload, length, hash.
        /// </summary>
        private static NpgsqlBatchCommand Command(string sql, InboundMessage source, string stream, string messageId)
        {
            var command = new NpgsqlBatchCommand(Renumbered.GetOrAdd(sql, Renumber));
            Add(command, stream);
            Add(command, (long)source.StreamSeq, NpgsqlDbType.Bigint);
            Add(command, source.Subject);
            Add(command, messageId);
            byte[] payload = source.Payload;
            Add(command, payload.Length > MaxKeptPayloadBytes ? payload.AsSpan(0, MaxKeptPayloadBytes).ToArray() : payload, NpgsqlDbType.Bytea);
            Add(command, payload.Length, NpgsqlDbType.Integer);
            Add(command, SHA256.HashData(payload), NpgsqlDbType.Bytea);
            return command;
        }

        private static string Renumber(string sql) => Regex.Replace(sql, @"\$(a?)(\d+)", match =>
            "$" + (int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + (match.Groups[1].Value == "a" ? 0 : 7)));

        /// <summary>PostgreSQL's text cannot hold NUL: a rejection's own text must always be storable.</summary>
        private static string Clean(string text) => text.Replace('\0', '\uFFFD');

        private static void Add(NpgsqlBatchCommand command, object? value, NpgsqlDbType? type = null)
        {
            var parameter = new NpgsqlParameter { Value = value ?? DBNull.Value };
            if (type != null)
            {
                parameter.NpgsqlDbType = type.Value;
            }

            command.Parameters.Add(parameter);
        }
    }
}
