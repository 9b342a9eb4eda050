namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The buffer's tables, laid out for few bytes written per message (an SD card wears out): outbox and seen are
    /// appended at their end and trimmed at their start, so a commit touches a few pages, not one per node.
    /// Outbox ids never repeat (AUTOINCREMENT): the forwarder's cursors rely on every new row having a larger id
    /// than any before it, also after the table ran empty. The dedup keys (seen) have no index: they are read once,
    /// at start, into memory.
    /// </summary>
    internal static class Schema
    {
        /// <summary>The tables as buffer version 1 has them; each later version's change follows.</summary>
        public const string Create = @"
CREATE TABLE IF NOT EXISTS outbox(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind INTEGER NOT NULL,
    node TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    samples INTEGER NOT NULL,
    meta TEXT NOT NULL,
    frame BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS seen(
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    node TEXT NOT NULL,
    boot INTEGER NOT NULL,
    seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine(
    id INTEGER PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    topic TEXT NOT NULL,
    node TEXT,
    reason TEXT NOT NULL,
    byte INTEGER,
    message TEXT NOT NULL,
    raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS counters(
    name TEXT NOT NULL, node TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY(name, node)) WITHOUT ROWID;
";

        /// <summary>
        /// Version 2: a stored frame's dedup key (boot, seq) rides in its outbox row and moves to seen when the row goes
        /// (delivered, evicted, expired, parked), in the same transaction, whichever statement deletes it. An uplink's
        /// commit then appends to one table instead of two: a page less per commit, about a sixth of the bytes written
        /// at 1,000 msg/s. Keys of frames that leave no row (filtered out, of an unknown type) still go to seen at once;
        /// rows of version 1 have no key here (theirs is in seen already).
        /// </summary>
        public const string DedupKeysInOutbox = @"
ALTER TABLE outbox ADD COLUMN boot INTEGER;
ALTER TABLE outbox ADD COLUMN seq INTEGER;
CREATE TRIGGER outbox_row_leaves_its_dedup_key AFTER DELETE ON outbox WHEN old.seq IS NOT NULL
BEGIN
    INSERT INTO seen(node, boot, seq, at_ms) VALUES (old.node, old.boot, old.seq, old.received_ms);
END;
";
    }
}
