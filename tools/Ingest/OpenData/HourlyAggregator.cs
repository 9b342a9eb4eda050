using System;
using System.Collections.Generic;

namespace Smile.Ingest.OpenData
{
    /// <summary>One hour of one Smile Place: per published quantity its aggregate.</summary>
    public sealed record HourAggregate(DateTimeOffset HourStart, IReadOnlyDictionary<string, QuantityAggregate> Quantities);

    /// <summary>Count and, by the quantity's kind, min/mean/max, a sum, or a share; all in the published unit.</summary>
    public sealed record QuantityAggregate(int Count, double Min, double Mean, double Max, double Sum, double Share);

    /// <summary>
    /// Reduces one day of a Smile Place's readings (every node together) to 24 hourly aggregates. Nothing per node or
    /// per sample survives: the finest grain out is the place and the hour.
    /// </summary>
    public static class HourlyAggregator
    {
        public static IReadOnlyList<HourAggregate> Aggregate(DateOnly day, IEnumerable<StoredReading> readings)
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var byHour = new Dictionary<string, List<double>>[24];
            for (int h = 0; h < 24; h++)
            {
                byHour[h] = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            }

            var quantities = new Dictionary<string, OpenQuantity>(StringComparer.Ordinal);
            foreach (var q in OpenQuantity.All)
            {
                quantities[q.Name] = q;
            }

            foreach (var r in readings)
            {
                int hour = (int)Math.Floor((r.ObservedAt - start).TotalHours);
                if (hour is < 0 or > 23 || !quantities.TryGetValue(r.Name, out var q))
                {
                    continue;
                }

                double? value = q.Aggregate == OpenAggregate.Share
                    ? (r.Present is bool present ? (present ? 1 : 0) : null)
                    : (r.Value is double v && r.Unit == q.StoredUnit ? v * q.Factor : null);
                if (value is double x)
                {
                    if (!byHour[hour].TryGetValue(q.Name, out var list))
                    {
                        byHour[hour][q.Name] = list = new List<double>();
                    }

                    list.Add(x);
                }
            }

            var hours = new List<HourAggregate>(24);
            for (int h = 0; h < 24; h++)
            {
                var aggregates = new Dictionary<string, QuantityAggregate>(StringComparer.Ordinal);
                foreach (var (name, values) in byHour[h])
                {
                    double min = double.MaxValue, max = double.MinValue, sum = 0;
                    foreach (double v in values)
                    {
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                        sum += v;
                    }

                    aggregates[name] = new QuantityAggregate(values.Count, min, sum / values.Count, max, sum, sum / values.Count);
                }

                hours.Add(new HourAggregate(start.AddHours(h), aggregates));
            }

            return hours;
        }
    }
}
