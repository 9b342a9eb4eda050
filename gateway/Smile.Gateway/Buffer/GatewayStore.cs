using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The durable buffer: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction survives a
    /// power cut. The ingest side commits batches (group commit) and acknowledges the local broker only afterwards;
    /// an outbox row is deleted only after the upstream PUBACK (<see cref="Outbox"/> owns a row's life after the
    /// commit). Bounded by bytes and age as <see cref="DropPolicy"/> says; every drop is counted per node, and the
    /// in-memory figures change only after the transaction that changes the rows commits.
    /// </summary>
    public sealed class GatewayStore : IDisposable
    {
        /// <summary>Rows the forwarder could not deliver and replaced by a dead letter (or dropped, when one already was).</summary>
        public const string Unforwardable = "unforwardable";

        private const int SqliteFull = 13;
        private const int OutboxColumns = 8;
        private const long MinimumBytes = 64 * 1024;
        private static readonly int[] RowsPerInsert = { 32, 16, 8, 4, 2, 1 };
        private static readonly string[] SeenParameterNames = Enumerable.Range(0, 4 * RowsPerInsert[0]).Select(i => "$p" + i).ToArray();
        private static readonly string[] OutboxParameterNames = Enumerable.Range(0, OutboxColumns * RowsPerInsert[0]).Select(i => "$o" + i).ToArray();

        // By rows per statement: the SQL and its parameters' names.
        private static readonly Dictionary<int, string> SeenInserts = RowsPerInsert.ToDictionary(rows => rows, SeenInsert);
        private static readonly Dictionary<int, string[]> SeenParameters = RowsPerInsert.ToDictionary(rows => rows, rows => SeenParameterNames[..(4 * rows)]);
        private static readonly Dictionary<int, string> OutboxInserts = RowsPerInsert.ToDictionary(rows => rows, OutboxInsert);
        private const string RowSize = "length(frame) + length(meta) + length(node) + 32";
        private const string QuarantineSize = "length(raw) + length(message) + length(topic) + length(reason) + 64";
        private readonly object _sync = new object();
        private readonly DropPolicy _policy;
        private readonly ILogger _log;
        private readonly SqliteConnection _db;
        private readonly Dictionary<(string Name, string Node), long> _counters = new Dictionary<(string, string), long>();
        private readonly Dictionary<string, SqliteCommand> _prepared = new Dictionary<string, SqliteCommand>();
        private readonly Dictionary<int, PositionalStatement> _outboxInserts = new Dictionary<int, PositionalStatement>();
        private readonly FreeSpaceFloor _floor;
        private readonly SpaceReserve _reserve;
        private bool _belowFloor;
        // The buffer's bound while the file system is under its floor: the rows and free pages of the file at the first
        // commit under it, kept until the next Prune (a minute). Taken afresh each commit, pages the commit before freed
        // let the next keep more rows (~0.7 rows of 40 a commit), and the file grew by about a byte a message for as long
        // as a flood lasted.
        private long? _boundUnderFloor;
        private volatile BufferDisk _disk = new BufferDisk(null, 0, false);
        // No outbox row was received before this (long.MaxValue: none waits), so the minutely Prune knows without a
        // scan that nothing can have expired. Exact after the start's count and after each expiry; an insert or a
        // correction lowers it, a delete leaves it low, which is still true. Looking cost three full scans of the
        // outbox a minute under the store's lock: 640 ms here on 3 million rows (154 MiB), holding every commit.
        private long _noRowReceivedBefore = long.MaxValue;
        private long _written;
        private long _reserveTriedAtCheck = -1;

        public GatewayStore(string path, BufferSettings settings, ILogger log)
        {
            _policy = new DropPolicy(settings);
            _log = log;
            string file = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            _floor = new FreeSpaceFloor(Path.GetDirectoryName(file)!, settings.MinFreeMegabytes * 1024L * 1024, log);
            _reserve = new SpaceReserve(file + "-reserve", log);
            BufferHistory.WarnIfLost(file, log);
            _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            try
            {
                _db.Open();

                // Read before anything writes: a file that is not a database fails here and stays as it was.
                Scalar("SELECT COUNT(*) FROM sqlite_master");
                long version = Scalar("PRAGMA user_version");
                SchemaVersion.RefuseNewer(version, file);

                // Small pages: a commit rewrites the last, partly filled page of each table it appends to.
                // A larger checkpoint interval lets rows that were added and forwarded in between reach the database
                // file once, in their final state, instead of twice.
                Execute("PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA synchronous=" + (settings.Durable ? "FULL" : "OFF")
                    + "; PRAGMA busy_timeout=5000; PRAGMA wal_autocheckpoint=4096;");
                SchemaVersion.Migrate(_db, version);
                LoadTotals();
            }
            catch (SqliteException e)
            {
                _db.Dispose();
                throw new BufferUnusableException(file, e);
            }
            catch (BufferUnusableException)
            {
                _db.Dispose();
                throw;
            }

            BufferHistory.Remember(file, log);
            UnderFloor(); // the first look at the file system: makes the reserve where the floor allows
        }

        public long Bytes { get; private set; }

        public long Rows { get; private set; }

        /// <summary>Messages (samples) waiting for the upstream broker.</summary>
        public long PendingMessages { get; private set; }

        /// <summary>Bytes of the outbox's dead letters, bounded by <see cref="DropPolicy.MaxDeadLetterBytes"/>.</summary>
        public long DeadLetterBytes { get; private set; }

        public long QuarantineRows { get; private set; }

        public long QuarantineBytes { get; private set; }

        /// <summary>
        /// The file system's free space for status and metrics, looked at again when the last look is a second old. Never
        /// waits: while a write holds the store (a commit stuck on a failing card, the minutely prune) it is the last look,
        /// so the status LED keeps blinking. A change seen here is logged by the next write.
        /// </summary>
        public BufferDisk Disk()
        {
            if (!Monitor.TryEnter(_sync))
            {
                return _disk;
            }

            try
            {
                _floor.Below(_written);
                return LookedAt();
            }
            finally
            {
                Monitor.Exit(_sync);
            }
        }

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
        /// Writes the batch in one transaction and makes room (see the class comment) if a bound is passed. Rows for
        /// which <paramref name="inFlight"/> is true (being published) are never dropped. Returns the ids of the new
        /// rows, in batch order.
        /// </summary>
        public List<long> Commit(CommitBatch batch, Func<long, bool> inFlight)
        {
            lock (_sync)
            {
                return WithRoom(() => CommitLocked(batch, inFlight));
            }
        }

        public List<StoredMessage> ReadRange(long afterId, long lastId, int limit) => Claim(afterId, lastId, limit, _ => true, out _);

        /// <summary>
        /// The rows after <paramref name="afterId"/> up to <paramref name="lastId"/> (at most <paramref name="limit"/>
        /// read) for which <paramref name="claim"/> is true. The claim runs under the store's lock, so no commit can
        /// evict a row between being read and being claimed. <paramref name="lastRead"/>: the last id read, claimed or not.
        /// </summary>
        public List<StoredMessage> Claim(long afterId, long lastId, int limit, Func<long, bool> claim, out long lastRead)
        {
            lock (_sync)
            {
                var rows = new List<StoredMessage>();
                lastRead = afterId;
                SqliteCommand cmd = Prepared("SELECT id, kind, node, received_ms, meta, frame FROM outbox WHERE id > $after AND id <= $last ORDER BY id LIMIT $limit",
                    null, "$after", "$last", "$limit");
                cmd.Parameters[0].Value = afterId;
                cmd.Parameters[1].Value = lastId;
                cmd.Parameters[2].Value = limit;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    lastRead = r.GetInt64(0);
                    if (claim(lastRead))
                    {
                        rows.Add(new StoredMessage(lastRead, (MessageKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetString(4), (byte[])r[5]));
                    }
                }

                return rows;
            }
        }

        /// <summary>
        /// Reception time of the earliest received message still waiting, or null when none waits. Ids do not follow
        /// reception times (a dead letter keeps its original's, gap-filled uplinks come stamped hours back), so it takes
        /// a scan: in slices of <see cref="OldestScanSlice"/> rows, each under the store's lock alone, with a pause
        /// between them. In one piece a status page view on 3 million rows here held every commit for 260–290 ms; in
        /// slices taken again at once (the lock is not fair) commits still waited up to 100 ms; now 3–9 ms, as without
        /// a view, and the view takes 0.7–0.9 s. Rows that come or go meanwhile may be missed or counted, as if the
        /// figure were read a moment earlier or later.
        /// </summary>
        public long? OldestPendingMs()
        {
            long? oldest = null;
            for (long after = 0; ;)
            {
                lock (_sync)
                {
                    using var cmd = Command("SELECT MIN(received_ms), MAX(id) FROM (SELECT id, received_ms FROM outbox WHERE id > $after ORDER BY id LIMIT " + OldestScanSlice + ")");
                    cmd.Parameters.AddWithValue("$after", after);
                    using var r = cmd.ExecuteReader();
                    r.Read();
                    if (r.IsDBNull(1))
                    {
                        return oldest;
                    }

                    long earliest = r.GetInt64(0);
                    oldest = oldest is long o && o <= earliest ? o : earliest;
                    after = r.GetInt64(1);
                }

                Thread.Sleep(1); // the commits waiting for the lock go first
            }
        }

        /// <summary>Rows read under one hold of the store's lock by <see cref="OldestPendingMs"/>: about 1.3 ms here.</summary>
        internal const int OldestScanSlice = 16384;

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

        /// <summary>
        /// Removes rows the upstream broker acknowledged, in one transaction; returns how many there were (a row gone
        /// already is skipped). Acknowledgements come mostly in id order, so each run of consecutive ids is one range
        /// delete: a statement per run instead of two per row.
        /// </summary>
        public int Delete(IReadOnlyCollection<long> ids)
        {
            if (ids.Count == 0)
            {
                return 0;
            }

            var sorted = new List<long>(ids);
            sorted.Sort();
            lock (_sync)
            {
                return WithRoom(() => DeleteLocked(sorted));
            }
        }

        private int DeleteLocked(List<long> sorted)
        {
            var changes = new StoreChanges();
            int deleted = 0;
            using var tx = _db.BeginTransaction();
            SqliteCommand delete = Prepared("DELETE FROM outbox WHERE id BETWEEN $first AND $last RETURNING kind, samples, " + RowSize, tx, "$first", "$last");
            SqliteParameter first = delete.Parameters[0], last = delete.Parameters[1];
            for (int start = 0, end; start < sorted.Count; start = end)
            {
                // Every id of the run was acknowledged, so nothing else lies in [first, last].
                for (end = start + 1; end < sorted.Count && sorted[end] <= sorted[end - 1] + 1; end++)
                {
                }

                (first.Value, last.Value) = (sorted[start], sorted[end - 1]);
                deleted += DeleteRows(delete, changes, out _);
            }

            tx.Commit();
            Apply(changes);
            return deleted;
        }

        /// <summary>
        /// Replaces a row the forwarder cannot deliver by <paramref name="deadLetter"/>, or drops it when that is null,
        /// counting it as <see cref="Unforwardable"/> for its node. Returns the dead letter's id; null when the row was
        /// gone already (delivered meanwhile), and then nothing is written.
        /// </summary>
        public long? Park(long id, StoredMessage? deadLetter)
        {
            lock (_sync)
            {
                return WithRoom(() => ParkLocked(id, deadLetter));
            }
        }

        private long? ParkLocked(long id, StoredMessage? deadLetter)
        {
            var changes = new StoreChanges();
            using var tx = _db.BeginTransaction();
            string? node = DeleteRow(tx, id, changes);
            if (node == null)
            {
                return null;
            }

            long newId = 0;
            if (deadLetter != null)
            {
                var ids = new List<long>(1);
                InsertRows(new List<StoredMessage> { deadLetter }, ids, changes);
                newId = ids[0];
            }

            AddCounter(tx, Unforwardable, node, 1, changes);
            tx.Commit();
            Apply(changes);
            return newId;
        }

        /// <summary>
        /// Moves received_ms of the rows in each id range by its step and records the step in their meta (key c: the
        /// message then says gateway_clock_corrected, and its id keeps the first stamp), all in one transaction. Rows
        /// for which <paramref name="inFlight"/> is true went out as they are and are left so. Returns, per range,
        /// how many rows were corrected; the rest of the range was forwarded, given up, or is in flight.
        /// </summary>
        public int[] CorrectReceivedTimes(IReadOnlyList<(long FirstId, long LastId, long StepMs)> ranges, Func<long, bool> inFlight)
        {
            lock (_sync)
            {
                return WithRoom(() => CorrectLocked(ranges, inFlight));
            }
        }

        private int[] CorrectLocked(IReadOnlyList<(long FirstId, long LastId, long StepMs)> ranges, Func<long, bool> inFlight)
        {
            var changes = new StoreChanges();
            var corrected = new int[ranges.Count];
            using var tx = _db.BeginTransaction();

            // The meta grows by the key: the byte figures follow, as a delete later subtracts the row's new size.
            using var select = Command("SELECT id, kind, length(json_set(meta, '$.c', $step)) - length(meta) FROM outbox WHERE id BETWEEN $first AND $last ORDER BY id", tx);
            using var update = Command("UPDATE outbox SET received_ms = received_ms + $step, meta = json_set(meta, '$.c', $step) WHERE id BETWEEN $first AND $last", tx);
            for (int i = 0; i < ranges.Count; i++)
            {
                var (firstId, lastId, stepMs) = ranges[i];
                var rows = new List<long>();
                select.Parameters.Clear();
                select.Parameters.AddWithValue("$step", stepMs);
                select.Parameters.AddWithValue("$first", firstId);
                select.Parameters.AddWithValue("$last", lastId);
                using (var r = select.ExecuteReader())
                {
                    while (r.Read())
                    {
                        if (!inFlight(r.GetInt64(0)))
                        {
                            rows.Add(r.GetInt64(0));
                            changes.Bytes += r.GetInt64(2);
                            changes.DeadLetterBytes += (MessageKind)r.GetInt32(1) == MessageKind.DeadLetter ? r.GetInt64(2) : 0;
                        }
                    }
                }

                // One statement per run of consecutive ids: a row in flight, or one gone, splits a range.
                for (int start = 0, end; start < rows.Count; start = end)
                {
                    for (end = start + 1; end < rows.Count && rows[end] == rows[end - 1] + 1; end++)
                    {
                    }

                    update.Parameters.Clear();
                    update.Parameters.AddWithValue("$step", stepMs);
                    update.Parameters.AddWithValue("$first", rows[start]);
                    update.Parameters.AddWithValue("$last", rows[end - 1]);
                    update.ExecuteNonQuery();
                }

                // A step back moves these rows below the bound by as much at most (saturating: it stays a lower bound).
                if (stepMs < 0)
                {
                    _noRowReceivedBefore = _noRowReceivedBefore >= long.MinValue - stepMs ? _noRowReceivedBefore + stepMs : long.MinValue;
                }

                corrected[i] = rows.Count;
            }

            tx.Commit();
            Apply(changes);
            return corrected;
        }

        /// <summary>
        /// Dedup keys kept on disk at most, newest first: 1,024 nodes' worth of the 1,024 keys a node keeps in memory
        /// (Deduplicator.PerNodeCapacity), about 40 MB. Without it the table grows with the rate over the window (86
        /// million rows a day at 1,000 uplinks a second) and a restart reads them all. Past it, the oldest keys go first:
        /// at 1,000 uplinks a second those older than about 17 minutes, which only a repeat arriving after a restart and
        /// that long after its original would have needed (it would be forwarded again, under a new message id: the id
        /// carries the time of receipt). Redeliveries after a restart are of uplinks committed seconds before.
        /// </summary>
        public const long SeenRowBudget = 1024 * 1024;

        /// <summary>Forgets dedup keys past the window or the row budget, drops rows past the age bound, trims the quarantine.</summary>
        public void Prune(long nowMs, long dedupWindowMs, Func<long, bool> inFlight)
        {
            lock (_sync)
            {
                WithRoom(() => PruneLocked(nowMs, dedupWindowMs, inFlight));
            }
        }

        private void PruneLocked(long nowMs, long dedupWindowMs, Func<long, bool> inFlight)
        {
            var changes = new StoreChanges();
            using var tx = _db.BeginTransaction();
            Execute("DELETE FROM seen WHERE id < (SELECT COALESCE(MIN(id), 9223372036854775807) FROM seen WHERE at_ms >= "
                + (nowMs - dedupWindowMs) + ")", tx);
            Execute("DELETE FROM seen WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM seen) - " + SeenRowBudget, tx);
            long expiredBefore = _policy.ExpiredBefore(nowMs);
            bool expiryDue = _noRowReceivedBefore < expiredBefore;
            if (expiryDue)
            {
                foreach (MessageKind kind in _policy.Kinds)
                {
                    Evict(tx, kind, expiredBefore, long.MaxValue, DropPolicy.ExpiredCounter(kind), inFlight, changes);
                }
            }

            TrimQuarantine(tx, changes, false);
            long? oldest = expiryDue ? OldestReceivedMs(tx) : null;
            tx.Commit();
            Apply(changes);
            if (oldest != null)
            {
                // Exact again; a row spared because it was in flight keeps it low, so the next prune looks for it again.
                _noRowReceivedBefore = oldest.Value;
            }

            // Under the floor the next commit takes the bound afresh: pages the keys left are the outbox's now, and
            // pages the keys of acknowledged, parked or expired rows took since are not. Once a minute, its creep (a
            // commit's worth of rows, see _boundUnderFloor) stays small.
            _boundUnderFloor = null;
        }

        /// <summary>
        /// The dedup keys a start reads: those of rows gone (seen, at most the newest <see cref="SeenRowBudget"/>, also
        /// before the first prune) and those of the rows waiting (see <see cref="Schema.DedupKeysInOutbox"/>), as they lie
        /// on disk. Not sorted by time, although a key moves to seen when its row goes, which after an outage is long after
        /// newer rows went (LiveFirst): the deduplicator orders them itself. Sorting here spilled to SQLite's temporary
        /// files, on the card: 139 MiB for the 3.2 million keys of a full 256 MiB buffer, more than the floor leaves free.
        /// </summary>
        internal const string SeenFramesQuery = "SELECT node, boot, seq, at_ms FROM seen WHERE at_ms >= $since AND id > (SELECT COALESCE(MAX(id), 0) FROM seen) - $budget "
            + "UNION ALL SELECT node, boot, seq, received_ms FROM outbox WHERE seq IS NOT NULL AND received_ms >= $since";

        /// <summary>Hands each dedup key since sinceMs to the caller one at a time, in no particular order (<see cref="SeenFramesQuery"/>).</summary>
        public void ReadSeenFrames(long sinceMs, Action<string, int, int, long> each)
        {
            lock (_sync)
            {
                using var cmd = Command(SeenFramesQuery);
                cmd.Parameters.AddWithValue("$since", sinceMs);
                cmd.Parameters.AddWithValue("$budget", SeenRowBudget);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    each(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt64(3));
                }
            }
        }

        public void Dispose()
        {
            lock (_sync)
            {
                foreach (SqliteCommand cmd in _prepared.Values)
                {
                    cmd.Dispose();
                }

                foreach (PositionalStatement insert in _outboxInserts.Values)
                {
                    insert.Dispose();
                }

                _db.Dispose();
            }
        }

        private void LoadTotals()
        {
            using (var cmd = Command("SELECT COALESCE(SUM(" + RowSize + "), 0), COUNT(*), COALESCE(SUM(samples), 0), "
                + "COALESCE(SUM(CASE WHEN kind = 2 THEN " + RowSize + " ELSE 0 END), 0), COALESCE(MIN(received_ms), " + long.MaxValue + ") FROM outbox"))
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                Bytes = r.GetInt64(0);
                Rows = r.GetInt64(1);
                PendingMessages = r.GetInt64(2);
                DeadLetterBytes = r.GetInt64(3);
                _noRowReceivedBefore = r.GetInt64(4);
            }

            using (var cmd = Command("SELECT name, node, value FROM counters"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    _counters[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
                }
            }

            using (var cmd = Command("SELECT COUNT(*), COALESCE(SUM(" + QuarantineSize + "), 0) FROM quarantine"))
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                QuarantineRows = r.GetInt64(0);
                QuarantineBytes = r.GetInt64(1);
            }
        }

        private List<long> CommitLocked(CommitBatch batch, Func<long, bool> inFlight)
        {
            bool tight = UnderFloor();
            var ids = new List<long>(batch.Messages.Count);
            var changes = new StoreChanges();
            using var tx = _db.BeginTransaction();
            long newestKey = tight ? NewestSeenId(tx) : 0;
            InsertRows(batch.Messages, ids, changes);

            using (var quarantine = Command("INSERT INTO quarantine(received_ms, source, topic, node, reason, byte, message, raw) "
                + "VALUES ($r, $s, $t, $n, $why, $b, $msg, $raw) RETURNING " + QuarantineSize, tx))
            {
                foreach (QuarantineEntry q in batch.Quarantine)
                {
                    quarantine.Parameters.Clear();
                    quarantine.Parameters.AddWithValue("$r", q.ReceivedMs);
                    quarantine.Parameters.AddWithValue("$s", q.Source);
                    quarantine.Parameters.AddWithValue("$t", q.Topic);
                    quarantine.Parameters.AddWithValue("$n", (object?)q.Node ?? DBNull.Value);
                    quarantine.Parameters.AddWithValue("$why", q.Reason);
                    quarantine.Parameters.AddWithValue("$b", (object?)q.Byte ?? DBNull.Value);
                    quarantine.Parameters.AddWithValue("$msg", q.Message);
                    quarantine.Parameters.AddWithValue("$raw", q.Raw);
                    changes.QuarantineBytes += (long)quarantine.ExecuteScalar()!;
                    changes.QuarantineRows++;
                }
            }

            InsertSeen(tx, batch.SeenFrames);
            foreach (var (key, delta) in batch.Counters)
            {
                AddCounter(tx, key.Name, key.Node, delta, changes);
            }

            // What the file may have grown by, for the floor's next look (rows, quarantined inputs, ~40 bytes a key).
            long written = changes.Bytes + changes.QuarantineBytes + 40L * batch.SeenFrames.Count;
            MakeRoom(tx, inFlight, changes, tight);
            TrimQuarantine(tx, changes, tight);
            if (tight)
            {
                // Under the floor the dedup keys on disk stop growing too (memory still holds them all): as many old
                // ones go as came in, the batch's own and those of the rows evicted for it (the trigger moves theirs).
                // Ids only grow and only the oldest go, so the newest id tells how many came.
                Execute("DELETE FROM seen WHERE id IN (SELECT id FROM seen ORDER BY id LIMIT " + (NewestSeenId(tx) - newestKey) + ")", tx);
            }

            tx.Commit();
            Apply(changes);
            _written += written;
            return ids;
        }

        private long NewestSeenId(SqliteTransaction tx) => Scalar("SELECT COALESCE(MAX(id), 0) FROM seen", tx);

        // CAST: a correction's overflow would leave a REAL, and Scalar's cast would then throw every minute.
        private long OldestReceivedMs(SqliteTransaction tx) => Scalar("SELECT CAST(COALESCE(MIN(received_ms), " + long.MaxValue + ") AS INTEGER) FROM outbox", tx);

        /// <summary>
        /// The batch's dedup keys, up to 32 to a statement: as many of the largest block as fit, then halving, so any
        /// batch takes a handful of statements (30 keys: 16, 8, 4, 2), each prepared once. A statement per key was half
        /// of all the store ran.
        /// </summary>
        private void InsertSeen(SqliteTransaction tx, List<(string Node, int Boot, int Sequence, long AtMs)> keys)
        {
            int start = 0;
            foreach (int rows in RowsPerInsert)
            {
                for (; start + rows <= keys.Count; start += rows)
                {
                    BindSeen(Prepared(SeenInserts[rows], tx, SeenParameters[rows]), keys, start, rows).ExecuteNonQuery();
                }
            }
        }

        private static SqliteCommand BindSeen(SqliteCommand insert, List<(string Node, int Boot, int Sequence, long AtMs)> keys, int start, int rows)
        {
            for (int i = 0; i < rows; i++)
            {
                var (node, boot, sequence, atMs) = keys[start + i];
                insert.Parameters[4 * i].Value = node;
                insert.Parameters[4 * i + 1].Value = boot;
                insert.Parameters[4 * i + 2].Value = sequence;
                insert.Parameters[4 * i + 3].Value = atMs;
            }

            return insert;
        }

        private static string SeenInsert(int rows) =>
            "INSERT INTO seen(node, boot, seq, at_ms) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", SeenParameterNames, 4 * i, 4) + ")"));

        /// <summary>
        /// Dead letters past their share first; then, while the whole is past the bound, the kinds in the policy's
        /// order. The bound is the configured one, or, while the file system is under its floor, what the file holds
        /// without growing: the rows and its free pages, taken at the first commit after each Prune.
        /// </summary>
        private void MakeRoom(SqliteTransaction tx, Func<long, bool> inFlight, StoreChanges changes, bool tight)
        {
            long deadLettersOver = DeadLetterBytes + changes.DeadLetterBytes - _policy.MaxDeadLetterBytes;
            if (deadLettersOver > 0)
            {
                Evict(tx, MessageKind.DeadLetter, long.MaxValue, deadLettersOver, DropPolicy.EvictedCounter(MessageKind.DeadLetter), inFlight, changes);
            }

            _boundUnderFloor = tight ? _boundUnderFloor ?? Math.Min(_policy.MaxBytes, Math.Max(Bytes + FreePageBytes(tx), MinimumBytes)) : null;
            long bound = _boundUnderFloor ?? _policy.MaxBytes;
            foreach (MessageKind kind in _policy.EvictionOrder)
            {
                long over = Bytes + changes.Bytes - bound;
                if (over <= 0)
                {
                    return;
                }

                Evict(tx, kind, long.MaxValue, over, DropPolicy.EvictedCounter(kind), inFlight, changes);
            }
        }

        /// <summary>Whether the file system is under its floor; logs the changes; makes the reserve again once there is room.</summary>
        private bool UnderFloor()
        {
            bool below = _floor.Below(_written);
            LookedAt();
            if (below != _belowFloor)
            {
                _belowFloor = below;
                if (below)
                {
                    _log.LogWarning("buffer file system has {Free} bytes free, under the {Floor} kept free: the buffer stops growing at {Bytes} bytes, new messages replace the oldest", _floor.FreeBytes, _floor.FloorBytes, Bytes);
                }
                else
                {
                    _log.LogWarning("buffer file system has {Free} bytes free again: the buffer grows up to its bound", _floor.FreeBytes);
                }
            }

            // Once per look at the file system, and only with the floor still kept after it.
            if (!below && !_reserve.Present && _floor.Checks != _reserveTriedAtCheck && _floor.FreeBytes != long.MaxValue
                && _floor.FreeBytes - SpaceReserve.Bytes >= _floor.FloorBytes)
            {
                _reserveTriedAtCheck = _floor.Checks;
                _reserve.Make();
            }

            return below;
        }

        /// <summary>The floor's last look, kept for readers that cannot wait for the store (under its lock).</summary>
        private BufferDisk LookedAt()
        {
            long? free = _floor.FreeBytes == long.MaxValue ? null : _floor.FreeBytes;
            if (_disk.FreeBytes != free || _disk.BelowFloor != _floor.IsBelow || _disk.FloorBytes != _floor.FloorBytes)
            {
                _disk = new BufferDisk(free, _floor.FloorBytes, _floor.IsBelow);
            }

            return _disk;
        }

        /// <summary>
        /// Runs a write; when the file system is full after all (something else took the space under the floor), gives
        /// back the reserve and runs it once more. Without a reserve the SQLITE_FULL goes to the caller, who retries.
        /// </summary>
        private void WithRoom(Action write) => WithRoom(() =>
        {
            write();
            return 0;
        });

        private T WithRoom<T>(Func<T> write)
        {
            try
            {
                return write();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull && _reserve.Release())
            {
                _log.LogError("buffer file system is full: released the {Bytes}-byte reserve; the buffer stops growing until there is room again", SpaceReserve.Bytes);
                _floor.Recheck();
                return write();
            }
        }

        private long FreePageBytes(SqliteTransaction tx) => Scalar("SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size", tx);

        /// <summary>Deletes the oldest rows of the kind received before the time until bytesToFree are freed; counts their messages per node.</summary>
        private void Evict(SqliteTransaction tx, MessageKind kind, long receivedBeforeMs, long bytesToFree, string counter, Func<long, bool> inFlight, StoreChanges changes)
        {
            long freed = 0;
            long afterId = 0;
            while (freed < bytesToFree)
            {
                var victims = new List<(long Id, string Node, long Samples, long Size)>();
                using (var select = Command("SELECT id, node, samples, " + RowSize + " FROM outbox WHERE kind = $kind AND received_ms < $before"
                    + " AND id > $after ORDER BY id LIMIT 512", tx))
                {
                    select.Parameters.AddWithValue("$kind", (int)kind);
                    select.Parameters.AddWithValue("$before", receivedBeforeMs);
                    select.Parameters.AddWithValue("$after", afterId);
                    using var r = select.ExecuteReader();
                    while (r.Read())
                    {
                        victims.Add((r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
                    }
                }

                if (victims.Count == 0)
                {
                    return;
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
                    changes.Row(kind, v.Size, v.Samples, -1);
                    perNode.TryGetValue(v.Node, out long n);
                    perNode[v.Node] = n + v.Samples;
                }

                foreach (var (node, count) in perNode)
                {
                    AddCounter(tx, counter, node, count, changes);
                }
            }
        }

        /// <summary>Deletes the oldest quarantined inputs while the quarantine is past its row or byte bound.</summary>
        private void TrimQuarantine(SqliteTransaction tx, StoreChanges changes, bool tight)
        {
            long rowsOver = QuarantineRows + changes.QuarantineRows - _policy.MaxQuarantineRows;
            long bytesOver = QuarantineBytes + changes.QuarantineBytes - _policy.MaxQuarantineBytes;
            if (tight)
            {
                // Under the floor the quarantine stops growing: as many bytes go as came.
                bytesOver = Math.Max(bytesOver, changes.QuarantineBytes);
            }

            if (rowsOver <= 0 && bytesOver <= 0)
            {
                return;
            }

            long rows = 0, bytes = 0, lastId = 0;
            using (var select = Command("SELECT id, " + QuarantineSize + " FROM quarantine ORDER BY id", tx))
            using (var r = select.ExecuteReader())
            {
                while ((rows < rowsOver || bytes < bytesOver) && r.Read())
                {
                    (lastId, bytes, rows) = (r.GetInt64(0), bytes + r.GetInt64(1), rows + 1);
                }
            }

            if (rows == 0)
            {
                return;
            }

            Execute("DELETE FROM quarantine WHERE id <= " + lastId, tx);
            changes.QuarantineRows -= rows;
            changes.QuarantineBytes -= bytes;
            AddCounter(tx, DropPolicy.QuarantineEvicted, "", rows, changes);
        }

        /// <summary>
        /// The messages' rows, in blocks of 32, 16 … 1 like the dedup keys; their ids, in message order, go to ids. A
        /// statement per row also cost a statement journal per row (the insert writes sqlite_sequence too), whose
        /// memory SQLite frees at each reset: glibc then trimmed its heap with a madvise per message in some runs.
        /// </summary>
        private void InsertRows(List<StoredMessage> messages, List<long> ids, StoreChanges changes)
        {
            Span<(long Id, long Size)> returned = stackalloc (long, long)[RowsPerInsert[0]];
            Span<int> samples = stackalloc int[RowsPerInsert[0]];
            int start = 0;
            foreach (int rows in RowsPerInsert)
            {
                for (; start + rows <= messages.Count; start += rows)
                {
                    if (!_outboxInserts.TryGetValue(rows, out PositionalStatement? insert))
                    {
                        _outboxInserts[rows] = insert = new PositionalStatement(_db, OutboxInserts[rows], OutboxColumns * rows);
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        StoredMessage message = messages[start + i];
                        int first = OutboxColumns * i + 1;
                        samples[i] = SampleCount(message);
                        insert.Bind(first, (int)message.Kind);
                        insert.Bind(first + 1, message.Node);
                        insert.Bind(first + 2, message.ReceivedMs);
                        _noRowReceivedBefore = Math.Min(_noRowReceivedBefore, message.ReceivedMs);
                        insert.Bind(first + 3, samples[i]);
                        insert.Bind(first + 4, message.Meta);
                        insert.Bind(first + 5, message.Frame);
                        if (message.DedupKey is { } key)
                        {
                            insert.Bind(first + 6, key.Boot);
                            insert.Bind(first + 7, key.Sequence);
                        }
                        else
                        {
                            insert.BindNull(first + 6);
                            insert.BindNull(first + 7);
                        }
                    }

                    int read = insert.Run(returned);
                    if (read != rows)
                    {
                        throw new InvalidOperationException("the outbox insert returned " + read + " rows for " + rows);
                    }

                    // RETURNING promises no order; the ids grow in the order of the VALUES, so sorted they match it.
                    returned[..rows].Sort();
                    for (int i = 0; i < rows; i++)
                    {
                        ids.Add(returned[i].Id);
                        changes.Row(messages[start + i].Kind, returned[i].Size, samples[i], +1);
                    }
                }
            }
        }

        private static string OutboxInsert(int rows) =>
            "INSERT INTO outbox(kind, node, received_ms, samples, meta, frame, boot, seq) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", OutboxParameterNames, OutboxColumns * i, OutboxColumns) + ")"))
            + " RETURNING id, " + RowSize;

        /// <summary>Deletes one outbox row; its node, or null when there was no such row.</summary>
        private string? DeleteRow(SqliteTransaction tx, long id, StoreChanges changes)
        {
            using var delete = Command("DELETE FROM outbox WHERE id = $first RETURNING kind, samples, " + RowSize + ", node", tx);
            delete.Parameters.AddWithValue("$first", id);
            return DeleteRows(delete, changes, out string? node) == 0 ? null : node;
        }

        /// <summary>
        /// Runs a DELETE … RETURNING kind, samples, size[, node], applying each row to the changes; how many rows went,
        /// and the last one's node when the statement returns it (the range delete does not: a string per row for nothing).
        /// </summary>
        private static int DeleteRows(SqliteCommand delete, StoreChanges changes, out string? node)
        {
            int rows = 0;
            node = null;
            using var r = delete.ExecuteReader();
            while (r.Read())
            {
                node = r.FieldCount > 3 ? r.GetString(3) : null;
                changes.Row((MessageKind)r.GetInt32(0), r.GetInt64(2), r.GetInt64(1), -1);
                rows++;
            }

            return rows;
        }

        private void AddCounter(SqliteTransaction tx, string name, string node, long delta, StoreChanges changes)
        {
            using var cmd = Command("INSERT INTO counters(name, node, value) VALUES ($n, $node, $d) ON CONFLICT(name, node) DO UPDATE SET value = value + $d", tx);
            cmd.Parameters.AddWithValue("$n", name);
            cmd.Parameters.AddWithValue("$node", node);
            cmd.Parameters.AddWithValue("$d", delta);
            cmd.ExecuteNonQuery();
            changes.Count(name, node, delta);
        }

        /// <summary>Called only after the transaction committed.</summary>
        private void Apply(StoreChanges changes)
        {
            Bytes += changes.Bytes;
            Rows += changes.Rows;
            PendingMessages += changes.Samples;
            DeadLetterBytes += changes.DeadLetterBytes;
            QuarantineRows += changes.QuarantineRows;
            QuarantineBytes += changes.QuarantineBytes;
            foreach (var (key, delta) in changes.Counters)
            {
                _counters.TryGetValue(key, out long value);
                _counters[key] = value + delta;
            }
        }

        private static int SampleCount(StoredMessage message)
        {
            if (message.Kind != MessageKind.Measurement)
            {
                return 1;
            }

            if (message.Samples is int known)
            {
                return known;
            }

            var result = Smile.Frames.FrameDecoder.Decode(message.Frame);
            return result.Ok ? result.Frame!.SampleCount : 1;
        }

        /// <summary>
        /// A command of the hot path, kept for the connection's life with its parameters declared once (callers set their
        /// values in order and do not dispose it): Microsoft.Data.Sqlite prepares a command's statement at its first
        /// execution and reuses it while the command lives, so a command made per call parsed its SQL every time
        /// (SQLite's parser was about 3 % of the gateway's CPU at 1,000 msg/s).
        /// </summary>
        private SqliteCommand Prepared(string sql, SqliteTransaction? tx, params string[] parameters)
        {
            if (!_prepared.TryGetValue(sql, out SqliteCommand? cmd))
            {
                cmd = Command(sql);
                foreach (string name in parameters)
                {
                    cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
                }

                _prepared[sql] = cmd;
            }

            cmd.Transaction = tx;
            return cmd;
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

        private long Scalar(string sql, SqliteTransaction? tx = null)
        {
            using var cmd = Command(sql, tx);
            return (long)cmd.ExecuteScalar()!;
        }
    }
}
