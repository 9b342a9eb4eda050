using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Smile.Ingest.OpenData
{
    /// <summary>
    /// smile-ingest opendata --settings FILE --site SITE --day YYYY-MM-DD --out DIR [--connection STRING]:
    /// writes smile-SITE-DAY-hourly.csv and smile-SITE-DAY-hourly.dcat.jsonld. The connection string defaults to
    /// Smile__Postgres__ConnectionString, as the service reads it. Exit 0 on success, 2 on bad arguments, 1 on failure.
    /// </summary>
    public static class OpenDataCommand
    {
        private const string Usage = "usage: smile-ingest opendata --settings FILE --site SITE --day YYYY-MM-DD --out DIR [--connection STRING]";

        public static async Task<int> RunAsync(string[] args)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                options[args[i]] = args[i + 1];
            }

            string? connection = options.GetValueOrDefault("--connection") ?? Environment.GetEnvironmentVariable("Smile__Postgres__ConnectionString");
            if (args.Length % 2 != 0 || !options.TryGetValue("--settings", out var settingsFile) || !options.TryGetValue("--site", out var site)
                || !options.TryGetValue("--day", out var dayText) || !options.TryGetValue("--out", out var outFolder) || string.IsNullOrEmpty(connection)
                || !DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            OpenDataSettings settings;
            try
            {
                settings = JsonSerializer.Deserialize<OpenDataSettings>(File.ReadAllText(settingsFile), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                    ?? throw new JsonException("empty");
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("smile-ingest opendata: cannot read " + settingsFile + ": " + e.Message);
                return 2;
            }

            var problems = new List<string>(settings.Problems());
            if (problems.Count > 0)
            {
                Console.Error.WriteLine("smile-ingest opendata: " + settingsFile + ": " + string.Join("; ", problems));
                return 2;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await using var database = NpgsqlDataSource.Create(connection);
                var readings = await ReadingQuery.ReadAsync(database, site, day, timeout.Token);
                var written = Write(settings, site, day, readings, outFolder, DateTimeOffset.UtcNow);
                Console.WriteLine(written.Csv);
                Console.WriteLine(written.Metadata);
                return 0;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or OperationCanceledException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("smile-ingest opendata: " + e.Message);
                return 1;
            }
        }

        /// <summary>Aggregates and writes the two files; returns their paths.</summary>
        public static (string Csv, string Metadata) Write(OpenDataSettings settings, string site, DateOnly day, IEnumerable<StoredReading> readings, string outFolder, DateTimeOffset issued)
        {
            Directory.CreateDirectory(outFolder);
            string name = "smile-" + site + "-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-hourly";
            byte[] csv = new UTF8Encoding(false).GetBytes(CsvRenderer.Render(site, HourlyAggregator.Aggregate(day, readings)));
            string csvPath = Path.Combine(outFolder, name + ".csv");
            string metadataPath = Path.Combine(outFolder, name + ".dcat.jsonld");
            File.WriteAllBytes(csvPath, csv);
            File.WriteAllText(metadataPath, DcatRenderer.Render(settings, site, day, name + ".csv", csv.Length, issued) + "\n");
            return (csvPath, metadataPath);
        }
    }
}
