using System;
using System.Threading;
using Microsoft.Data.Sqlite;
using Smile.Gateway.Buffer;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Counts the statements SQLite runs on the store's connection (sqlite3_trace), the commits among them, and apart
    /// from them the trigger programs: the legacy trace reports each trigger's run with a "-- TRIGGER name" line
    /// (sqlite.org/c3ref/profile.html), a run per row the statement changes, inside the statement the store issued.
    /// </summary>
    internal sealed class StatementCounter
    {
        private long _statements;
        private long _commits;
        private long _triggerRuns;

        public StatementCounter(GatewayStore store)
        {
            SqliteConnection connection = StoreConnection.Of(store);
            SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) =>
            {
                if (sql.StartsWith("-- TRIGGER", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _triggerRuns);
                    return;
                }

                Interlocked.Increment(ref _statements);
                if (sql.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref _commits);
                }
            }, null);
        }

        public (long Statements, long Commits) Read() => (Interlocked.Read(ref _statements), Interlocked.Read(ref _commits));

        public long TriggerRuns => Interlocked.Read(ref _triggerRuns);
    }
}
