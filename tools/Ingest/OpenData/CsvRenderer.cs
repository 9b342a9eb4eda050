using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Smile.Ingest.OpenData
{
    /// <summary>
    /// The hourly CSV of one Smile Place and day: one row per hour (all 24, empty cells where nothing was measured),
    /// comma-separated, UTF-8, RFC 4180; every value column names its unit in the header.
    /// </summary>
    public static class CsvRenderer
    {
        public static IReadOnlyList<string> Header()
        {
            var columns = new List<string> { "site", "hour_start_utc", "hour_end_utc" };
            foreach (var q in OpenQuantity.All)
            {
                switch (q.Aggregate)
                {
                    case OpenAggregate.Statistics:
                        columns.Add(q.Name + "_count");
                        columns.Add(q.Name + "_min [" + q.PublishedUnit + "]");
                        columns.Add(q.Name + "_mean [" + q.PublishedUnit + "]");
                        columns.Add(q.Name + "_max [" + q.PublishedUnit + "]");
                        break;
                    case OpenAggregate.Sum:
                        columns.Add(q.Name + "_samples");
                        columns.Add(q.Name + "_sum [" + q.PublishedUnit + "]");
                        break;
                    case OpenAggregate.Share:
                        columns.Add("occupancy_samples");
                        columns.Add("occupancy_share [" + q.PublishedUnit + "]");
                        break;
                }
            }

            return columns;
        }

        public static string Render(string site, IReadOnlyList<HourAggregate> hours)
        {
            var text = new StringBuilder();
            text.Append(string.Join(",", Header())).Append("\r\n");
            foreach (var hour in hours)
            {
                var cells = new List<string>
                {
                    Quote(site),
                    hour.HourStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    hour.HourStart.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                };
                foreach (var q in OpenQuantity.All)
                {
                    hour.Quantities.TryGetValue(q.Name, out var a);
                    switch (q.Aggregate)
                    {
                        case OpenAggregate.Statistics:
                            cells.Add(a == null ? "0" : a.Count.ToString(CultureInfo.InvariantCulture));
                            cells.Add(a == null ? "" : Number(a.Min));
                            cells.Add(a == null ? "" : Number(a.Mean));
                            cells.Add(a == null ? "" : Number(a.Max));
                            break;
                        case OpenAggregate.Sum:
                            cells.Add(a == null ? "0" : a.Count.ToString(CultureInfo.InvariantCulture));
                            cells.Add(a == null ? "" : Number(a.Sum));
                            break;
                        case OpenAggregate.Share:
                            cells.Add(a == null ? "0" : a.Count.ToString(CultureInfo.InvariantCulture));
                            cells.Add(a == null ? "" : Number(a.Share));
                            break;
                    }
                }

                text.Append(string.Join(",", cells)).Append("\r\n");
            }

            return text.ToString();
        }

        /// <summary>Three decimals: finer than any Smile sensor resolves, and stable across platforms.</summary>
        public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        private static string Quote(string cell) =>
            cell.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
    }
}
