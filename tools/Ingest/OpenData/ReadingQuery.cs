using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Smile.Ingest.OpenData
{
    /// <summary>One Smile Place's plausible readings of one UTC day; it selects no node id and no message id.</summary>
    public static class ReadingQuery
    {
        public static async Task<List<StoredReading>> ReadAsync(NpgsqlDataSource database, string site, DateOnly day, CancellationToken cancel)
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            await using var command = database.CreateCommand(
                "SELECT observed_at, name, value, present, unit FROM reading"
                + " WHERE site = $1 AND observed_at >= $2 AND observed_at < $3 AND NOT implausible");
            command.Parameters.Add(new NpgsqlParameter { Value = site });
            command.Parameters.Add(new NpgsqlParameter { Value = start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = start.AddDays(1), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var readings = new List<StoredReading>();
            await using var rows = await command.ExecuteReaderAsync(cancel);
            while (await rows.ReadAsync(cancel))
            {
                readings.Add(new StoredReading(
                    new DateTimeOffset(rows.GetDateTime(0), TimeSpan.Zero),
                    rows.GetString(1),
                    rows.IsDBNull(2) ? null : rows.GetDouble(2),
                    rows.IsDBNull(3) ? null : rows.GetBoolean(3),
                    rows.IsDBNull(4) ? null : rows.GetString(4)));
            }

            return readings;
        }
    }
}
