using System;
using System.Globalization;
using System.Threading.Tasks;
using Smile.Simulation.City;

namespace Smile.City.Tests
{
    /// <summary>Counts in the city's database, read with psql.</summary>
    internal static class Rows
    {
        public static long Count(PostgresServer postgres, string sql) => long.Parse(postgres.Sql(sql), CultureInfo.InvariantCulture);

        /// <summary>Polls a count until it reaches expected; returns the last value seen (the caller asserts).</summary>
        public static async Task<long> WaitForCountAsync(PostgresServer postgres, string sql, long expected, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            long seen = -1;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    seen = Count(postgres, sql);
                }
                catch (InvalidOperationException)
                {
                    // PostgreSQL restarting, or the schema not there yet.
                }

                if (seen >= expected)
                {
                    return seen;
                }

                await Task.Delay(300);
            }

            return seen;
        }
    }
}
