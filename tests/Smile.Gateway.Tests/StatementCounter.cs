using System;
using System.Reflection;
using System.Threading;
using Microsoft.Data.Sqlite;
using Smile.Gateway.Buffer;

namespace Smile.Gateway.Tests
{
    /// <summary>Counts the statements SQLite runs on the store's connection (sqlite3_trace), and the commits among them.</summary>
    internal sealed class StatementCounter
    {
        private long _statements;
        private long _commits;

        public StatementCounter(GatewayStore store)
        {
            var connection = (SqliteConnection)typeof(GatewayStore).GetField("_db", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(store)!;
            SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) =>
            {
                Interlocked.Increment(ref _statements);
                if (sql.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref _commits);
                }
            }, null);
        }

        public (long Statements, long Commits) Read() => (Interlocked.Read(ref _statements), Interlocked.Read(ref _commits));
    }
}
