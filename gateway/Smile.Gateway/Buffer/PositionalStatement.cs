using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// A statement of the commit's hot path, bound by position through SQLite's C API (SQLitePCLRaw, the library under
    /// Microsoft.Data.Sqlite) on the store's connection and inside its transaction. Microsoft.Data.Sqlite binds every
    /// parameter by name: <c>sqlite3_bind_parameter_index</c> searches the statement's names one by one, so a 32-row
    /// insert of 256 parameters ran about 33,000 string comparisons, and it boxes each value and makes a binder object
    /// for it. Errors become the same <see cref="SqliteException"/> the rest of the store throws; the connection's
    /// busy_timeout applies to it as to any statement.
    /// </summary>
    internal sealed class PositionalStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public PositionalStatement(SqliteConnection connection, string sql, int parameters)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
            int count = raw.sqlite3_bind_parameter_count(_statement);
            if (count != parameters)
            {
                _statement.Dispose();
                throw new InvalidOperationException("the statement has " + count + " parameters, not " + parameters + ": " + sql);
            }
        }

        /// <summary>Parameters count from 1, in the order they first appear in the SQL (SQLite numbers named ones so).</summary>
        public void Bind(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

        public void Bind(int position, string value) => Check(raw.sqlite3_bind_text(_statement, position, value));

        public void Bind(int position, byte[] value) =>
            Check(value.Length == 0 ? raw.sqlite3_bind_zeroblob(_statement, position, 0) : raw.sqlite3_bind_blob(_statement, position, value)); // empty, not NULL

        public void BindNull(int position) => Check(raw.sqlite3_bind_null(_statement, position));

        /// <summary>Runs the statement; each row it returns (two integers, e.g. RETURNING id, size) goes into rows. How many came.</summary>
        public int Run(Span<(long First, long Second)> rows)
        {
            try
            {
                int read = 0;
                int rc;
                while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
                {
                    rows[read++] = (raw.sqlite3_column_int64(_statement, 0), raw.sqlite3_column_int64(_statement, 1));
                }

                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc);
                }

                return read;
            }
            finally
            {
                raw.sqlite3_reset(_statement); // ready for the next run; the bindings are all set again then
            }
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }
}
