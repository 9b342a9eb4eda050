using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Smile.Simulation.City;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.City.Tests
{
    /// <summary>
    /// A day of a Smile Place through the real ingest into PostgreSQL, then `smile-ingest opendata` as a process: every
    /// CSV cell equals what PostgreSQL itself computes from the stored rows (count, min, avg, max, sum, share per hour).
    /// Set SMILE_OPENDATA_EXAMPLE_DIR to keep the files (docs/opendata-example/ was made so).
    /// </summary>
    [Trait("Category", "process")]
    public sealed class OpenDataExportTests
    {
        private static readonly DateTimeOffset Midnight = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task The_csv_matches_the_stored_rows_hour_by_hour()
        {
            await using var city = await CitySide.StartAsync(instances: 1);
            // One sample every 20 s over the day from 4 nodes, the previous evening and the next morning around it,
            // another place, and readings the gateway flagged implausible: none of those may count.
            var traffic = CitySide.Measurements(4320, nodes: 4, Midnight, spacingSeconds: 20).ToList();
            traffic.AddRange(CitySide.Measurements(30, nodes: 2, Midnight.AddHours(-1), site: "markt", spacingSeconds: 60));
            var evening = CityTraffic.Measurement("hafen", "node-9", 1, Midnight.AddSeconds(-30));
            var morning = CityTraffic.Measurement("hafen", "node-9", 2, Midnight.AddDays(1).AddSeconds(30));
            var implausible = CityTraffic.Measurement("hafen", "node-9", 3, Midnight.AddHours(5).AddMinutes(7));
            implausible["readings"]![0]!["value"] = 85.0;
            implausible["quality"] = new JsonArray("implausible:temperature");
            foreach (var m in new[] { evening, morning, implausible })
            {
                traffic.Add((CityTraffic.MeasurementSubject("hafen", "node-9"), CityTraffic.Bytes(m)));
            }

            await city.Publisher.PublishAsync(traffic);
            Assert.Equal(traffic.Count, await city.WaitForCountAsync("SELECT count(*) FROM measurement", traffic.Count, TimeSpan.FromSeconds(120)));

            string folder = Environment.GetEnvironmentVariable("SMILE_OPENDATA_EXAMPLE_DIR") ?? Directory.CreateTempSubdirectory("smile-opendata-").FullName;
            string settings = Path.Combine(city.Postgres.Folder, "opendata.json");
            File.WriteAllText(settings, JsonSerializer.Serialize(OpenDataSettingsExample.Rostock()));
            string output = ProcessRunner.Run("dotnet", IngestProcess.Dll, "opendata", "--settings", settings, "--site", "hafen", "--day", "2026-11-29",
                "--out", folder, "--connection", city.Postgres.ConnectionString);
            Assert.Contains("smile-hafen-2026-11-29-hourly.csv", output);

            var csv = File.ReadAllLines(Path.Combine(folder, "smile-hafen-2026-11-29-hourly.csv"));
            Assert.Equal(25, csv.Length);
            var header = csv[0].Split(',');
            var expected = Expected(city);
            for (int hour = 0; hour < 24; hour++)
            {
                var cells = header.Zip(csv[hour + 1].Split(',')).ToDictionary(p => p.First, p => p.Second);
                Assert.Equal(Midnight.AddHours(hour).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), cells["hour_start_utc"]);
                foreach (var (name, row) in expected.Where(e => e.Key.Hour == hour).Select(e => (e.Key.Name, e.Value)))
                {
                    if (name == "presence")
                    {
                        Assert.Equal(row[0], double.Parse(cells["occupancy_samples"], CultureInfo.InvariantCulture));
                        Assert.Equal(row[5], double.Parse(cells["occupancy_share [1]"], CultureInfo.InvariantCulture), 0.0005);
                    }
                    else if (name == "motion_count")
                    {
                        Assert.Equal(row[0], double.Parse(cells["motion_count_samples"], CultureInfo.InvariantCulture));
                        Assert.Equal(row[4], double.Parse(cells["motion_count_sum [1]"], CultureInfo.InvariantCulture), 0.0005);
                    }
                    else
                    {
                        string unit = name switch { "temperature" => "°C", "humidity" => "%", _ => "Pa" };
                        Assert.Equal(row[0], double.Parse(cells[name + "_count"], CultureInfo.InvariantCulture));
                        Assert.Equal(row[1], double.Parse(cells[name + "_min [" + unit + "]"], CultureInfo.InvariantCulture), 0.0005);
                        Assert.Equal(row[2], double.Parse(cells[name + "_mean [" + unit + "]"], CultureInfo.InvariantCulture), 0.0005);
                        Assert.Equal(row[3], double.Parse(cells[name + "_max [" + unit + "]"], CultureInfo.InvariantCulture), 0.0005);
                    }
                }
            }

            // 4320 samples a day from 4 nodes: 180 per hour, none of node-9's three.
            Assert.All(csv.Skip(1), line => Assert.Equal("180", line.Split(',')[3]));
            var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "smile-hafen-2026-11-29-hourly.dcat.jsonld")))!;
            var distribution = metadata["@graph"]!.AsArray().Single(n => (string?)n!["@type"] == "dcat:Distribution")!;
            Assert.Equal(new FileInfo(Path.Combine(folder, "smile-hafen-2026-11-29-hourly.csv")).Length.ToString(CultureInfo.InvariantCulture),
                (string)distribution["dcat:byteSize"]!["@value"]!);
        }

        /// <summary>PostgreSQL's own aggregates per (hour, reading): count, min, avg, max, sum, share of presence.</summary>
        private static Dictionary<(int Hour, string Name), double[]> Expected(CitySide city)
        {
            string rows = city.Postgres.Sql(
                "SELECT extract(hour FROM observed_at AT TIME ZONE 'UTC')::int, name, count(*), coalesce(min(value), 0), coalesce(avg(value), 0),"
                + " coalesce(max(value), 0), coalesce(sum(value), 0), coalesce(avg(present::int), 0) FROM reading"
                + " WHERE site = 'hafen' AND observed_at >= '2026-11-29T00:00:00Z' AND observed_at < '2026-11-30T00:00:00Z' AND NOT implausible"
                + " GROUP BY 1, 2");
            return rows.Split('\n').Select(r => r.Split('|')).ToDictionary(
                c => (int.Parse(c[0], CultureInfo.InvariantCulture), c[1]),
                c => c.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }
    }
}
