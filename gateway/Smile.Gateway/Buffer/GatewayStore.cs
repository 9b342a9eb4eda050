using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The durable buffer: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction survives a
    /// power cut. The ingest side commits batches (group commit) and acknowledges the local broker only afterwards;
    /// the forwarder deletes a row only after the upstream PUBACK. Bounded by bytes and age: when full, the oldest
    /// measurements go first (status and dead letters stay), and every drop is counted per node.
    /// </summary>
    public sealed class GatewayStore : IDisposable
    {
        public const string DroppedFull = "dropped_buffer_full";
        public const string DroppedExpired = "dropped_expired";
        public const string QuarantineEvicted = "quarantine_evicted";

        private const int SqliteFull = 13;
        private readonly object _sync = new object();
        private readonly BufferSettings _settings;
        private readonly ILogger _log;
        private readonly SqliteConnection _db;
        private readonly Dictionary<(string Name, string Node), long> _counters = new Dictionary<(string, string), long>();

        public GatewayStore(string path, BufferSettings settings, ILogger log)
        {
            _settings = settings;
            _log = log;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            _db.Open();
            // Small pages: a commit rewrites the last, partly filled page of each table it appends to.
            // A larger checkpoint interval lets rows that were added and forwarded in between reach the database
            // file once, in their final state, instead of twice.
            Execute("PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA synchronous=" + (settings.Durable ? "FULL" : "OFF")
                + "; PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=4096;");
            Execute(Schema.Create);
            using (var cmd = Command("SELECT COALESCE(SUM(length(frame) + length(meta) + length(node) + 32), 0), COUNT(*), COALESCE(SUM(samples), 0) FROM outbox"))
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                Bytes = r.GetInt64(0);
                Rows = r.GetInt64(1);
                PendingMessages = r.GetInt64(2);
            }

            using (var cmd = Command("SELECT name, node, value FROM counters"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    _counters[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
                }
            }

            QuarantineRows = Scalar("SELECT COUNT(*) FROM quarantine");
        }

        public long Bytes { get; private set; }

        public long Rows { get; private set; }

        /// <summary>Messages (samples) waiting for the upstream broker.</summary>
        public long PendingMessages { get; private set; }

        public long QuarantineRows { get; private set; }

        /// <summary>Total of a counter over all nodes, since the buffer was created.</summary>
        public long Total(string name)
        {
            lock (_sync)
            {
                long sum = 0;
                foreach (var (key, value) in _counters)
                {
                    if (key.Name == name)
                    {
                        sum += value;
                    }
                }

                return sum;
            }
        }

        public IReadOnlyDictionary<(string Name, string Node), long> Counters()
        {
            lock (_sync)
            {
                return new Dictionary<(string, string), long>(_counters);
            }
        }

        /// <summary>
        /// Writes the batch in one transaction and makes room by dropping the oldest measurements if the bound is
        /// passed. Rows for which <paramref name="inFlight"/> is true (being published) are never dropped.
        /// Returns the ids of the new rows, in batch order.
        /// </summary>
        public List<long> Commit(CommitBatch batch, Func<long, bool> inFlight)
        {
            lock (_sync)
            {
                try
                {
                    return CommitLocked(batch, inFlight, 0);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
                {
                    // The file system is full: free the oldest tenth of the measurements and try once more.
                    _log.LogError("buffer file system is full; dropping the oldest measurements to make room");
                    return CommitLocked(batch, inFlight, Math.Max(64 * 1024, Bytes / 10));
                }
            }
        }

        public List<StoredMessage> ReadRange(long afterId, long lastId, int limit)
        {
            lock (_sync)
            {
                var rows = new List<StoredMessage>();
                using var cmd = Command("SELECT id, kind, node, received_ms, meta, frame FROM outbox WHERE id > $after AND id <= $last ORDER BY id LIMIT $limit");
                cmd.Parameters.AddWithValue("$after", afterId);
                cmd.Parameters.AddWithValue("$last", lastId);
                cmd.Parameters.AddWithValue("$limit", limit);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    rows.Add(new StoredMessage(r.GetInt64(0), (MessageKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetString(4), (byte[])r[5]));
                }

                return rows;
            }
        }

        /// <summary>Reception time of the oldest message still waiting for the city platform, or null when none waits.</summary>
        public long? OldestPendingMs()
        {
            lock (_sync)
            {
                using var cmd = Command("SELECT MIN(received_ms) FROM outbox");
                object? value = cmd.ExecuteScalar();
                return value is long ms ? ms : null;
            }
        }

        /// <summary>The newest quarantined inputs, newest first, for the status page.</summary>
        public List<QuarantineEntry> RecentQuarantine(int limit)
        {
            lock (_sync)
            {
                var entries = new List<QuarantineEntry>();
                using var cmd = Command("SELECT received_ms, source, topic, node, reason, byte, message, raw FROM quarantine ORDER BY id DESC LIMIT $limit");
                cmd.Parameters.AddWithValue("$limit", limit);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    entries.Add(new QuarantineEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                        r.IsDBNull(5) ? null : r.GetInt32(5), r.GetString(6), (byte[])r[7]));
                }

                return entries;
            }
        }

        public long MaxId()
        {
            lock (_sync)
            {
                return Scalar("SELECT COALESCE(MAX(id), 0) FROM outbox");
            }
        }

        /// <summary>Removes rows the upstream broker acknowledged.</summary>
        public void Delete(IReadOnlyCollection<long> ids)
        {
            if (ids.Count == 0)
            {
                return;
            }

            lock (_sync)
            {
                using var tx = _db.BeginTransaction();
                using var select = Command("SELECT length(frame) + length(meta) + length(node) + 32, samples FROM outbox WHERE id = $id", tx);
                using var delete = Command("DELETE FROM outbox WHERE id = $id", tx);
                var pSelect = select.Parameters.Add("$id", SqliteType.Integer);
                var pDelete = delete.Parameters.Add("$id", SqliteType.Integer);
                long bytes = 0, rows = 0, samples = 0;
                foreach (long id in ids)
                {
                    pSelect.Value = id;
                    using (var r = select.ExecuteReader())
                    {
                        if (!r.Read())
                        {
                            continue;
                        }

                        bytes += r.GetInt64(0);
                        samples += r.GetInt64(1);
                    }

                    pDelete.Value = id;
                    rows += delete.ExecuteNonQuery();
                }

                tx.Commit();
                Bytes -= bytes;
                Rows -= rows;
                PendingMessages -= samples;
            }
        }

        /// <summary>Forgets dedup keys past the window, drops measurements past the age bound, caps the quarantine.</summary>
        public void Prune(long nowMs, long dedupWindowMs, Func<long, bool> inFlight)
        {
            lock (_sync)
            {
                using var tx = _db.BeginTransaction();
                Execute("DELETE FROM seen WHERE id < (SELECT COALESCE(MIN(id), 9223372036854775807) FROM seen WHERE at_ms >= "
                    + (nowMs - dedupWindowMs) + ")", tx);
                long cutoff = nowMs - _settings.MaxAgeDays * 86_400_000L;
                Evict(tx, "kind = 0 AND received_ms < " + cutoff, long.MaxValue, DroppedExpired, inFlight);
                long over = QuarantineRows - _settings.MaxQuarantineRows;
                if (over > 0)
                {
                    Execute("DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine ORDER BY id LIMIT " + over + ")", tx);
                    AddCounter(tx, QuarantineEvicted, "", over);
                    QuarantineRows -= over;
                }

                tx.Commit();
            }
        }

        public List<(string Node, int Boot, int Sequence, long AtMs)> LoadSeenFrames(long sinceMs)
        {
            lock (_sync)
            {
                var keys = new List<(string, int, int, long)>();
                using var cmd = Command("SELECT node, boot, seq, at_ms FROM seen WHERE at_ms >= $since ORDER BY id");
                cmd.Parameters.AddWithValue("$since", sinceMs);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    keys.Add((r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt64(3)));
                }

                return keys;
            }
        }

        public void Dispose()
        {
            lock (_sync)
            {
                _db.Dispose();
            }
        }

        private List<long> CommitLocked(CommitBatch batch, Func<long, bool> inFlight, long extraRoom)
        {
            var ids = new List<long>(batch.Messages.Count);
            long addedBytes = 0, addedSamples = 0, addedQuarantine = 0;
            using var tx = _db.BeginTransaction();
            using (var insert = Command("INSERT INTO outbox(kind, node, received_ms, samples, meta, frame) VALUES ($k, $n, $r, $s, $m, $f) RETURNING id", tx))
            {
                var (k, n, r, s, m, f) = (insert.Parameters.Add("$k", SqliteType.Integer), insert.Parameters.Add("$n", SqliteType.Text),
                    insert.Parameters.Add("$r", SqliteType.Integer), insert.Parameters.Add("$s", SqliteType.Integer),
                    insert.Parameters.Add("$m", SqliteType.Text), insert.Parameters.Add("$f", SqliteType.Blob));
                foreach (StoredMessage message in batch.Messages)
                {
                    (k.Value, n.Value, r.Value, m.Value, f.Value) = ((int)message.Kind, message.Node, message.ReceivedMs, message.Meta, message.Frame);
                    s.Value = SampleCount(message);
                    ids.Add((long)insert.ExecuteScalar()!);
                    addedBytes += message.Size;
                    addedSamples += SampleCount(message);
                }
            }

            using (var insert = Command("INSERT INTO quarantine(received_ms, source, topic, node, reason, byte, message, raw) VALUES ($r, $s, $t, $n, $why, $b, $msg, $raw)", tx))
            {
                foreach (QuarantineEntry q in batch.Quarantine)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("$r", q.ReceivedMs);
                    insert.Parameters.AddWithValue("$s", q.Source);
                    insert.Parameters.AddWithValue("$t", q.Topic);
                    insert.Parameters.AddWithValue("$n", (object?)q.Node ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$why", q.Reason);
                    insert.Parameters.AddWithValue("$b", (object?)q.Byte ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$msg", q.Message);
                    insert.Parameters.AddWithValue("$raw", q.Raw);
                    insert.ExecuteNonQuery();
                    addedQuarantine++;
                }
            }

            using (var insert = Command("INSERT INTO seen(node, boot, seq, at_ms) VALUES ($n, $b, $s, $a)", tx))
            {
                var (n, b, s, a) = (insert.Parameters.Add("$n", SqliteType.Text), insert.Parameters.Add("$b", SqliteType.Integer),
                    insert.Parameters.Add("$s", SqliteType.Integer), insert.Parameters.Add("$a", SqliteType.Integer));
                foreach (var key in batch.SeenFrames)
                {
                    (n.Value, b.Value, s.Value, a.Value) = (key.Node, key.Boot, key.Sequence, key.AtMs);
                    insert.ExecuteNonQuery();
                }
            }

            var pendingCounters = new List<((string, string) Key, long Delta)>();
            foreach (var (key, delta) in batch.Counters)
            {
                AddCounterRow(tx, key.Name, key.Node, delta);
                pendingCounters.Add((key, delta));
            }

            long bytesAfter = Bytes + addedBytes;
            var evicted = Evict(tx, "kind = 0", bytesAfter + extraRoom - _settings.MaxBytes, DroppedFull, inFlight);
            tx.Commit();

            foreach (var (key, delta) in pendingCounters)
            {
                _counters.TryGetValue(key, out long value);
                _counters[key] = value + delta;
            }

            Bytes += addedBytes;
            Rows += batch.Messages.Count;
            PendingMessages += addedSamples;
            QuarantineRows += addedQuarantine;
            return ids;
        }

        /// <summary>Deletes the oldest rows matching the condition until bytesToFree are freed; counts messages per node.</summary>
        private long Evict(SqliteTransaction tx, string condition, long bytesToFree, string counter, Func<long, bool> inFlight)
        {
            long freed = 0;
            long afterId = 0;
            while (freed < bytesToFree)
            {
                var victims = new List<(long Id, string Node, long Samples, long Size)>();
                using (var select = Command("SELECT id, node, samples, length(frame) + length(meta) + length(node) + 32 FROM outbox WHERE " + condition
                    + " AND id > " + afterId + " ORDER BY id LIMIT 512", tx))
                using (var r = select.ExecuteReader())
                {
                    while (r.Read())
                    {
                        victims.Add((r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
                    }
                }

                if (victims.Count == 0)
                {
                    break;
                }

                using var delete = Command("DELETE FROM outbox WHERE id = $id", tx);
                var p = delete.Parameters.Add("$id", SqliteType.Integer);
                var perNode = new Dictionary<string, long>();
                foreach (var v in victims)
                {
                    afterId = v.Id;
                    if (freed >= bytesToFree)
                    {
                        break;
                    }

                    if (inFlight(v.Id))
                    {
                        continue;
                    }

                    p.Value = v.Id;
                    delete.ExecuteNonQuery();
                    freed += v.Size;
                    Bytes -= v.Size;
                    Rows--;
                    PendingMessages -= v.Samples;
                    perNode.TryGetValue(v.Node, out long n);
                    perNode[v.Node] = n + v.Samples;
                }

                foreach (var (node, count) in perNode)
                {
                    AddCounter(tx, counter, node, count);
                }
            }

            return freed;
        }

        private void AddCounter(SqliteTransaction tx, string name, string node, long delta)
        {
            AddCounterRow(tx, name, node, delta);
            _counters.TryGetValue((name, node), out long value);
            _counters[(name, node)] = value + delta;
        }

        private void AddCounterRow(SqliteTransaction tx, string name, string node, long delta)
        {
            using var cmd = Command("INSERT INTO counters(name, node, value) VALUES ($n, $node, $d) ON CONFLICT(name, node) DO UPDATE SET value = value + $d", tx);
            cmd.Parameters.AddWithValue("$n", name);
            cmd.Parameters.AddWithValue("$node", node);
            cmd.Parameters.AddWithValue("$d", delta);
            cmd.ExecuteNonQuery();
        }

        private static int SampleCount(StoredMessage message)
        {
            if (message.Kind != MessageKind.Measurement)
            {
                return 1;
            }

            var result = Smile.Frames.FrameDecoder.Decode(message.Frame);
            return result.Ok ? result.Frame!.SampleCount : 1;
        }

        private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
        {
            SqliteCommand cmd = _db.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = tx;
            return cmd;
        }

        private void Execute(string sql, SqliteTransaction? tx = null)
        {
            using var cmd = Command(sql, tx);
            cmd.ExecuteNonQuery();
        }

        private long Scalar(string sql)
        {
            using var cmd = Command(sql);
            return (long)cmd.ExecuteScalar()!;
        }
    }
}
