using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Smile.Ingest.Storage
{
    /// <summary>
    /// Applies the embedded Migrations/NNN_name.sql files in order, each in its own transaction with its row in
    /// schema_version. An advisory lock makes N instances starting at once apply each migration exactly once.
    /// </summary>
    public static class Migrator
    {
        private const long LockKey = 0x5311e1;

        public static async Task<int> MigrateAsync(NpgsqlDataSource database, CancellationToken cancel)
        {
            await using var connection = await database.OpenConnectionAsync(cancel);
            await Execute(connection, null, "SELECT pg_advisory_lock(" + LockKey + ")", cancel);
            try
            {
                await Execute(connection, null,
                    "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancel);
                var applied = new HashSet<int>();
                await using (var read = new NpgsqlCommand("SELECT version FROM schema_version", connection))
                await using (var rows = await read.ExecuteReaderAsync(cancel))
                {
                    while (await rows.ReadAsync(cancel))
                    {
                        applied.Add(rows.GetInt32(0));
                    }
                }

                int newest = applied.Count == 0 ? 0 : applied.Max();
                foreach (var (version, name, sql) in Migrations().Where(m => !applied.Contains(m.Version)))
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancel);
                    await Execute(connection, transaction, sql, cancel);
                    await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n)", connection, transaction))
                    {
                        record.Parameters.AddWithValue("v", version);
                        record.Parameters.AddWithValue("n", name);
                        await record.ExecuteNonQueryAsync(cancel);
                    }

                    await transaction.CommitAsync(cancel);
                    newest = Math.Max(newest, version);
                }

                return newest;
            }
            finally
            {
                await Execute(connection, null, "SELECT pg_advisory_unlock(" + LockKey + ")", CancellationToken.None);
            }
        }

        /// <summary>The embedded migrations, by version: "Smile.Ingest.Migrations.001_initial.sql" is version 1.</summary>
        public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations()
        {
            var assembly = typeof(Migrator).Assembly;
            const string prefix = "Smile.Ingest.Migrations.";
            return assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                .Select(n =>
                {
                    string file = n.Substring(prefix.Length, n.Length - prefix.Length - 4);
                    int version = int.Parse(file.Substring(0, file.IndexOf('_')), System.Globalization.CultureInfo.InvariantCulture);
                    return (version, file, Read(assembly, n));
                })
                .OrderBy(m => m.version)
                .ToList();
        }

        private static string Read(Assembly assembly, string resource)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            return reader.ReadToEnd();
        }

        private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancel)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancel);
        }
    }
}
