using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.City;

namespace Smile.City.Tests
{
    /// <summary>The city side of one test: the engine (one NATS server or a cluster), PostgreSQL, N ingest instances.</summary>
    internal sealed class CitySide : IAsyncDisposable
    {
        private CitySide(NatsCluster nats, PostgresServer postgres, int instances, Dictionary<string, string>? settings)
        {
            Nats = nats;
            Postgres = postgres;
            for (int i = 0; i < instances; i++)
            {
                Ingests.Add(new IngestProcess(nats.ClientUrls, postgres.ConnectionString, Math.Min(3, nats.Members.Count), "i" + i, settings));
            }

            Publisher = new StreamPublisher(nats.ClientUrls);
        }

        public NatsCluster Nats { get; }

        public PostgresServer Postgres { get; }

        public List<IngestProcess> Ingests { get; } = new List<IngestProcess>();

        public StreamPublisher Publisher { get; }

        public static async Task<CitySide> StartAsync(int natsMembers = 1, int instances = 1, Dictionary<string, string>? settings = null)
        {
            var nats = NatsCluster.Start(natsMembers);
            var postgres = PostgresServer.Start();
            var city = new CitySide(nats, postgres, instances, settings);
            foreach (var ingest in city.Ingests)
            {
                ingest.Start();
            }

            await city.Publisher.WaitForIngestAsync(TimeSpan.FromSeconds(60));
            return city;
        }

        public long Count(string sql) => Rows.Count(Postgres, sql);

        /// <summary>Polls a count until it reaches expected; returns the last value seen (the caller asserts).</summary>
        public Task<long> WaitForCountAsync(string sql, long expected, TimeSpan timeout) => Rows.WaitForCountAsync(Postgres, sql, expected, timeout);

        public string Logs() => string.Join("\n", Ingests.Select((p, i) => "--- ingest " + i + "\n" + p.Log()));

        public async ValueTask DisposeAsync()
        {
            await Publisher.DisposeAsync();
            foreach (var ingest in Ingests)
            {
                ingest.Dispose();
            }

            Postgres.Dispose();
            Nats.Dispose();
        }

        public static IEnumerable<(string Subject, byte[] Payload)> Measurements(int count, int nodes, DateTimeOffset start, string site = "hafen", double spacingSeconds = 1)
        {
            for (int i = 0; i < count; i++)
            {
                string node = "node-" + (i % nodes);
                yield return (CityTraffic.MeasurementSubject(site, node), CityTraffic.Bytes(CityTraffic.Measurement(site, node, i, start.AddSeconds(i * spacingSeconds))));
            }
        }
    }
}
