using System;
using System.Collections.Generic;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Prometheus;

namespace Smile.Ingest.Health
{
    /// <summary>
    /// The figures /metrics exports (Prometheus text format), in a registry of this instance's own: the process's
    /// .NET figures and the ingest's. Counters count since the process started, as Prometheus expects.
    /// </summary>
    public sealed class IngestMetrics
    {
        private readonly Counter _stored;
        private readonly Counter _deadLettered;
        private readonly Counter _batches;
        private readonly Counter _redelivered;
        private readonly Histogram _commitSeconds;
        private readonly Gauge _pending;

        public IngestMetrics(NatsConnection nats, IngestHealth health)
        {
            Registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(Registry);
            var factory = Metrics.WithCustomRegistry(Registry);
            _stored = factory.CreateCounter("smile_ingest_messages_stored_total", "Messages committed to PostgreSQL (measurements, node status, the gateways' dead letters).");
            _deadLettered = factory.CreateCounter("smile_ingest_messages_dead_lettered_total", "Messages committed to ingest_dead_letter: unreadable, or refused by PostgreSQL.");
            _batches = factory.CreateCounter("smile_ingest_batches_total", "Batches committed to PostgreSQL and then acknowledged.");
            _redelivered = factory.CreateCounter("smile_ingest_messages_redelivered_total", "Messages fetched again after an instance did not acknowledge them in time.");
            _commitSeconds = factory.CreateHistogram("smile_ingest_commit_duration_seconds", "Storing one batch in PostgreSQL, retries included.",
                new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
            _pending = factory.CreateGauge("smile_ingest_consumer_pending_messages", "Messages in the stream the shared consumer has not delivered yet, as of the last fetch.");
            var natsConnected = factory.CreateGauge("smile_ingest_nats_connected", "1 while the connection to the NATS cluster is open.");
            var postgresOk = factory.CreateGauge("smile_ingest_postgres_ok", "1 while the last contact with PostgreSQL succeeded.");
            var alive = factory.CreateGauge("smile_ingest_consume_loop_alive", "1 while the consume loop turns.");
            Registry.AddBeforeCollectCallback(() =>
            {
                natsConnected.Set(nats.ConnectionState == NatsConnectionState.Open ? 1 : 0);
                postgresOk.Set(health.PostgresOk ? 1 : 0);
                alive.Set(health.Alive ? 1 : 0);
            });
        }

        public CollectorRegistry Registry { get; }

        /// <summary>A fetch came back: the consumer's backlog after it, and how many of its messages came a second time.</summary>
        public void Fetched(IReadOnlyList<INatsJSMsg<byte[]>> messages)
        {
            if (messages.Count == 0)
            {
                // Nothing came within the wait: nothing is waiting for this consumer.
                _pending.Set(0);
                return;
            }

            int again = 0;
            foreach (var message in messages)
            {
                again += message.Metadata is { NumDelivered: > 1 } ? 1 : 0;
            }

            _redelivered.Inc(again);
            _pending.Set(messages[^1].Metadata?.NumPending ?? 0);
        }

        public void Committed(int stored, int deadLettered, TimeSpan took)
        {
            _stored.Inc(stored);
            _deadLettered.Inc(deadLettered);
            _batches.Inc();
            _commitSeconds.Observe(took.TotalSeconds);
        }
    }
}
