using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.City;

namespace Smile.Demo
{
    /// <summary>
    /// The city on loopback (./run.sh --city): several Smile Places, each with its own broker, gateway and fleet, all
    /// forwarding to a 3-member nats-server cluster (MQTT and JetStream), drained by two ingest instances into one
    /// PostgreSQL. With faults on, a cluster member and an ingest instance are SIGKILLed a third of the way in. Ends
    /// with what every place sent against what PostgreSQL holds; exit 1 on a loss. Everything it starts, it stops.
    /// </summary>
    public sealed class CityRun
    {
        private const int Ingests = 2;
        private readonly CityOptions _options;

        public CityRun(CityOptions options) => _options = options;

        public async Task<int> RunAsync(CancellationToken cancel)
        {
            Console.WriteLine("city: starting a 3-member nats-server cluster, PostgreSQL, " + Ingests + " ingest instances and " + _options.Places + " Smile Places on loopback …");
            using var nats = NatsCluster.Start(3);
            using var postgres = PostgresServer.Start();
            var ingests = Enumerable.Range(0, Ingests).Select(i => new IngestProcess(nats.ClientUrls, postgres.ConnectionString, 3, "city-" + i)).ToList();
            var places = new List<CityPlace>();
            try
            {
                ingests.ForEach(i => i.Start());
                await using (var stream = new StreamPublisher(nats.ClientUrls))
                {
                    await stream.WaitForIngestAsync(TimeSpan.FromSeconds(60));
                }

                for (int i = 0; i < _options.Places; i++)
                {
                    places.Add(await CityPlace.StartAsync(i, nats));
                }

                Console.WriteLine("city: " + string.Join(", ", places.Select(p => p.Site + " gateway http://127.0.0.1:" + p.Gateway.HealthPort + "/status"))
                    + "; cluster " + string.Join(" ", nats.Members.Select(m => m.Name + " mqtt :" + m.MqttPort)) + "; PostgreSQL :" + postgres.Port);
                var started = DateTime.UtcNow;
                Task sending = Task.WhenAll(places.Select(p => p.RunAsync(_options, cancel)));
                Task faults = _options.Faults ? InjectFaultsAsync(nats, ingests, sending) : Task.CompletedTask;
                while (!sending.IsCompleted)
                {
                    await Task.WhenAny(sending, Task.Delay(5000));
                    Console.WriteLine((DateTime.UtcNow - started).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) + " city: sent=" + places.Sum(p => p.Fleet.Sent)
                        + " rows=" + Rows(postgres) + " buffered in gateways=" + (await Task.WhenAll(places.Select(p => p.BufferedAsync()))).Sum());
                }

                await sending.ContinueWith(_ => { }, TaskScheduler.Default);
                await faults;
                return await SummarizeAsync(places, postgres, nats, TimeSpan.FromSeconds(cancel.IsCancellationRequested ? 10 : 180));
            }
            finally
            {
                foreach (CityPlace place in places)
                {
                    await place.DisposeAsync();
                }

                ingests.ForEach(i => i.Dispose());
            }
        }

        /// <summary>A third of the way in: SIGKILL the second cluster member and the first ingest instance; neither comes back.</summary>
        private async Task InjectFaultsAsync(NatsCluster nats, List<IngestProcess> ingests, Task sending)
        {
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(_options.Seconds / 3.0)));
            if (sending.IsCompleted)
            {
                return;
            }

            nats.Kill(1);
            Console.WriteLine("city: fault: cluster member " + nats.Members[1].Name + " SIGKILLed (its gateways move to the next member)");
            ingests[0].Kill();
            Console.WriteLine("city: fault: ingest instance 1 SIGKILLed (instance 2 takes over its unacknowledged messages)");
        }

        /// <summary>Waits until PostgreSQL holds every frame a place's broker acknowledged, then prints the summary; returns 1 on a loss.</summary>
        private static async Task<int> SummarizeAsync(List<CityPlace> places, PostgresServer postgres, NatsCluster nats, TimeSpan wait)
        {
            foreach (CityPlace place in places)
            {
                await place.Fleet.WaitAcknowledgedAsync(TimeSpan.FromSeconds(30));
            }

            long acknowledged = places.Sum(p => p.Fleet.Acknowledged.Count);
            var deadline = DateTime.UtcNow + wait;
            while (DateTime.UtcNow < deadline && Rows(postgres) < acknowledged)
            {
                await Task.Delay(1000);
            }

            // A frame is (site, node, sequence); its message id is node:boot:seq:sample:first receive time.
            var stored = postgres.Sql("SELECT site || ' ' || node_id || ' ' || split_part(message_id, ':', 3) FROM measurement")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
            long lost = 0;
            foreach (CityPlace place in places)
            {
                long placeLost = place.Fleet.Acknowledged.Keys.LongCount(k => !stored.ContainsKey(place.Site + " " + k.Node + " " + k.Sequence));
                lost += placeLost;
                Console.WriteLine("place " + place.Site + ": sent=" + place.Fleet.Sent + " acknowledged=" + place.Fleet.Acknowledged.Count
                    + " rows=" + stored.Keys.Count(k => k.StartsWith(place.Site + " ", StringComparison.Ordinal)) + " lost=" + placeLost);
            }

            // The same frame under two message ids would pass the ingest's duplicate check: that is what counts here.
            long duplicates = stored.Values.Sum(n => n - 1L);

            // Where a loss happened: what the ingest has not acknowledged stays in $MQTT_msgs (it keeps only what a consumer
            // still wants), so a loss with nothing left there happened before the engine stored the message.
            long inStream;
            await using (var stream = new StreamContents(nats.ClientUrls))
            {
                inStream = await stream.CountAsync();
            }

            Console.WriteLine("city: messages the ingest has not acknowledged in " + StreamContents.Stream + " " + inStream + ", waited " + (int)(wait - (deadline - DateTime.UtcNow)).TotalSeconds + " s for the rows");
            Console.WriteLine("city: places=" + places.Count + " sent=" + places.Sum(p => p.Fleet.Sent) + " acknowledged=" + acknowledged
                + " rows=" + Rows(postgres) + " lost=" + lost + " duplicates=" + duplicates);
            return lost > 0 || duplicates > 0 ? 1 : 0;
        }

        private static long Rows(PostgresServer postgres)
        {
            try
            {
                return long.Parse(postgres.Sql("SELECT count(*) FROM measurement"), CultureInfo.InvariantCulture);
            }
            catch (InvalidOperationException)
            {
                // The ingest has not created the schema yet.
                return 0;
            }
        }
    }
}
