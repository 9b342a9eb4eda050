using System;
using Microsoft.Data.Sqlite;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The buffer file cannot be opened as the gateway's database. The gateway refuses to start, leaves the file as it
    /// is (it may hold acknowledged messages someone can still recover) and exits with <see cref="ExitCode"/>: a
    /// restart cannot fix it, a person must.
    /// </summary>
    public sealed class BufferUnusableException : Exception
    {
        /// <summary>Distinct from 1 (a crash) and 2 (invalid configuration).</summary>
        public const int ExitCode = 3;

        private const int SqliteCorrupt = 11;
        private const int SqliteNotADatabase = 26;

        public BufferUnusableException(string path, SqliteException cause)
            : base(Explain(path, cause), cause)
        {
            Path = path;
        }

        /// <param name="path">The buffer file.</param>
        /// <param name="problem">What is wrong with it and what to do, completing "the buffer &lt;path&gt; ...".</param>
        public BufferUnusableException(string path, string problem)
            : base("the buffer " + path + " " + problem + ".")
        {
            Path = path;
        }

        public string Path { get; }

        private static string Explain(string path, SqliteException cause)
        {
            string what = cause.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase
                ? "is damaged or not a SQLite database (" + cause.Message + "). It was left untouched. Move it aside (for example "
                    + "mv " + path + " " + path + ".damaged, with its -wal and -shm files) to start with an empty buffer; "
                    + "messages it held can perhaps be recovered from the moved copy with sqlite3's .recover"
                : "cannot be opened (" + cause.Message + "). Check that the folder exists, is writable by the gateway's user "
                    + "and that the file system has room";
            return "the buffer " + path + " " + what + ".";
        }
    }
}
