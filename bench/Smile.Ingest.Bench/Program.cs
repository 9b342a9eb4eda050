using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Smile.Simulation.City;

// smile-ingest-bench [messages] [instances…]: loads the stream once with `messages` measurements (5 readings each), then
// for each instance count drains it with a fresh durable consumer into emptied tables, against a PostgreSQL with
// fsync on. Rows/s is measured from the first committed row to the last, so process start-up is not counted.
int total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30000;
var counts = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : new[] { 1, 2, 3 };

using var nats = NatsCluster.Start(1);
using var postgres = PostgresServer.Start(durable: true);
var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
var traffic = Enumerable.Range(0, total).Select(i => (CityTraffic.MeasurementSubject("hafen", "node-" + (i % 60)),
    CityTraffic.Bytes(CityTraffic.Measurement("hafen", "node-" + (i % 60), i, start.AddSeconds(i)))));

// The first instance creates the stream and the schema; it is stopped before the stream is loaded.
using (var first = new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 1, "setup"))
{
    first.Start();
    await using var publisher = new StreamPublisher(nats.ClientUrls);
    await publisher.WaitForIngestAsync(TimeSpan.FromSeconds(60));
    first.Stop();
    var load = Stopwatch.StartNew();
    await publisher.PublishAsync(traffic);
    Console.WriteLine($"stream loaded: {total} messages in {load.Elapsed.TotalSeconds:F1} s");
}

Console.WriteLine("instances | measurements/s | readings/s | s to drain");
foreach (int n in counts)
{
    postgres.Sql("TRUNCATE measurement, reading, node_status, dead_letter, ingest_dead_letter");
    var settings = new Dictionary<string, string> { ["Smile__Nats__Consumer"] = "bench-" + n, ["Logging__LogLevel__Smile"] = "Warning" };
    var instances = Enumerable.Range(0, n).Select(i => new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 1, "bench" + i, settings)).ToList();
    instances.ForEach(i => i.Start());
    var clock = Stopwatch.StartNew();
    double firstAt = 0;
    long firstCount = 0, count = 0;
    while (count < total && clock.Elapsed < TimeSpan.FromMinutes(10))
    {
        Thread.Sleep(100);
        count = long.Parse(postgres.Sql("SELECT count(*) FROM measurement"), CultureInfo.InvariantCulture);
        if (firstAt == 0 && count > 0)
        {
            (firstAt, firstCount) = (clock.Elapsed.TotalSeconds, count);
        }
    }

    double seconds = clock.Elapsed.TotalSeconds - firstAt;
    double rate = (count - firstCount) / seconds;
    Console.WriteLine($"{n} | {rate:F0} | {rate * 5:F0} | {seconds:F1}{(count < total ? " (incomplete: " + count + ")" : "")}");
    instances.ForEach(i => i.Dispose());
}

return 0;
