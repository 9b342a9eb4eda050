namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The buffer's tables. Outbox ids never repeat (AUTOINCREMENT): the forwarder's cursors rely on every new row
    /// having a larger id than any row before it, also after the table ran empty.
    /// </summary>
    internal static class Schema
    {
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
    node TEXT NOT NULL, boot INTEGER NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL,
    PRIMARY KEY(node, boot, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen_lns(id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL) WITHOUT ROWID;
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
    }
}
