using System;
using Microsoft.Data.Sqlite;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The buffer's layout version, kept in SQLite's <c>PRAGMA user_version</c>. A gateway upgraded by apt opens the
    /// buffer its previous release left (possibly full of unsent messages) and migrates it forward in one
    /// transaction; a buffer written by a newer release is refused untouched, because an older binary cannot know
    /// what the newer layout means and would corrupt it.
    /// </summary>
    internal static class SchemaVersion
    {
        /// <summary>
        /// Migrations[v] takes a buffer from version v to v + 1. Version 0: every release before versions were kept
        /// (up to commit dcb9f4b), with version 1's tables, so version 1 only records the number.
        /// </summary>
        private static readonly string[] Migrations =
        {
            Schema.Create,
            Schema.DedupKeysInOutbox,
        };

        /// <summary>The version this binary writes and understands.</summary>
        public static int Current => Migrations.Length;

        /// <summary>Throws <see cref="BufferUnusableException"/> when <paramref name="found"/> is newer than this binary knows.</summary>
        public static void RefuseNewer(long found, string path)
        {
            if (found > Current)
            {
                throw new BufferUnusableException(path, "was written by a newer gateway release (buffer version " + found + ", this release knows up to "
                    + Current + "). It was left untouched. Install that release again (apt install smile-gateway=<version>) to send what it holds; "
                    + "or move the file aside (with its -wal and -shm files) to start this release with an empty buffer");
            }
        }

        /// <summary>Brings a buffer of <paramref name="found"/> (at most <see cref="Current"/>) to <see cref="Current"/>, all or nothing.</summary>
        public static void Migrate(SqliteConnection db, long found)
        {
            using SqliteTransaction transaction = db.BeginTransaction();
            for (long version = found; version < Current; version++)
            {
                Run(db, transaction, Migrations[version]);
            }

            // Also on a buffer that is already current: a fresh file gets its tables here (CREATE ... IF NOT EXISTS).
            Run(db, transaction, Schema.Create + "PRAGMA user_version=" + Current + ";");
            transaction.Commit();
        }

        private static void Run(SqliteConnection db, SqliteTransaction transaction, string sql)
        {
            using SqliteCommand command = db.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
