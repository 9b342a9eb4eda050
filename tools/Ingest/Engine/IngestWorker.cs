using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using Smile.Ingest.Configuration;
using Smile.Ingest.Health;
using Smile.Ingest.Messages;
using Smile.Ingest.Storage;

namespace Smile.Ingest.Engine
{
    /// <summary>
    /// The consume loop: fetch a batch from the shared durable consumer, parse it, store it in one PostgreSQL
    /// transaction, and only after the commit acknowledge each message to the engine. A crash before the
    /// acknowledgement means redelivery (to this or another instance), which the unique message id turns into a no-op.
    /// </summary>
    public sealed class IngestWorker : BackgroundService
    {
        private static readonly byte[] NoPayload = Array.Empty<byte>();
        private readonly IngestOptions _options;
        private readonly NatsConnection _nats;
        private readonly NpgsqlDataSource _database;
        private readonly MessageParser _parser;
        private readonly MessageStore _store;
        private readonly IngestHealth _health;
        private readonly IngestMetrics _metrics;
        private readonly ILogger<IngestWorker> _log;

        public IngestWorker(IngestOptions options, NatsConnection nats, NpgsqlDataSource database, IngestHealth health, IngestMetrics metrics, ILogger<IngestWorker> log)
        {
            _options = options;
            _nats = nats;
            _database = database;
            _parser = new MessageParser(options.Batch.MaxPayloadBytes);
            _store = new MessageStore(database, MqttMessageStream.Name);
            _health = health;
            _metrics = metrics;
            _log = log;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            if (NatsLogin.PlainTextWarning(_options.Nats) is string warning)
            {
                _log.LogWarning("{Warning}", warning);
            }

            await RetryAsync("migrating the PostgreSQL schema", async () =>
            {
                int version = await Migrator.MigrateAsync(_database, stop);
                _log.LogInformation("PostgreSQL schema at version {Version}", version);
            }, stop);

            // Any start order: the cluster down, without a JetStream leader yet, refusing the login, or without the
            // MQTT stream are all waited out here, with back-off and jitter, until the consumer is bound.
            var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            int failures = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var consumer = await StreamSetup.EnsureAsync(new NatsJSContext(_nats), _options.Nats, _options.Batch.MaxMessages, _log, stop);
                    _log.LogInformation("consuming {Stream} as {Consumer}", MqttMessageStream.Name, _options.Nats.Consumer);
                    _health.Consuming();
                    backoff.Reset();
                    failures = 0;
                    await ConsumeAsync(consumer, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
                {
                    // The engine is away (down, a member died, a leader election) or refuses us: reconnect and pick up
                    // the durable consumer. The first failure and every tenth are logged, not each of a long outage.
                    string why = NatsLogin.Explain(e);
                    _health.EngineFailed(why);
                    _health.Turned();
                    TimeSpan wait = backoff.Next();
                    if (++failures == 1 || failures % 10 == 0)
                    {
                        _log.LogWarning("NATS {Url}: {Error}; retrying in {Wait:F1} s (attempt {Attempt})", _options.Nats.Url, why, wait.TotalSeconds, failures);
                    }

                    await PauseAsync(wait, stop);
                }
            }
        }

        private async Task ConsumeAsync(INatsJSConsumer consumer, CancellationToken stop)
        {
            var fetch = new NatsJSFetchOpts
            {
                MaxMsgs = _options.Batch.MaxMessages,
                Expires = TimeSpan.FromMilliseconds(_options.Batch.MaxWaitMilliseconds),
            };
            var messages = new List<INatsJSMsg<byte[]>>(_options.Batch.MaxMessages);
            var parsed = new List<ParsedMessage>(_options.Batch.MaxMessages);
            while (!stop.IsCancellationRequested)
            {
                messages.Clear();
                parsed.Clear();
                await foreach (var message in consumer.FetchAsync<byte[]>(fetch, cancellationToken: stop))
                {
                    messages.Add(message);
                    parsed.Add(_parser.Parse(new InboundMessage(MqttMessageStream.TopicSubject(message.Subject), message.Metadata?.Sequence.Stream ?? 0, message.Data ?? NoPayload)));
                }

                _health.Turned();
                _health.Consuming();
                _metrics.Fetched(messages);
                if (messages.Count == 0)
                {
                    if (_health.PostgresProbeDue)
                    {
                        await ProbePostgresAsync(stop);
                    }

                    continue;
                }

                var took = Stopwatch.StartNew();
                int refused = await StoreAsync(messages, parsed, stop);
                took.Stop();
                foreach (var message in messages)
                {
                    // Not double-acked: a lost acknowledgement means a redelivery, which the message id absorbs.
                    await message.AckAsync(cancellationToken: stop);
                }

                int rejected = 0;
                foreach (var p in parsed)
                {
                    rejected += p is RejectedMessage ? 1 : 0;
                }

                _metrics.Committed(messages.Count - rejected - refused, rejected + refused, took.Elapsed);
                _health.Turned();
            }
        }

        /// <summary>
        /// While no messages come, asks PostgreSQL whether it is there, so that /healthz tells of an outage before the
        /// next batch meets it. A failure is only recorded: the next batch's retries deal with it.
        /// </summary>
        private async Task ProbePostgresAsync(CancellationToken stop)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await using var connection = await _database.OpenConnectionAsync(timeout.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
                _health.PostgresAnswered();
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                _database.Clear();
                if (_health.PostgresFailed(e.Message))
                {
                    _log.LogWarning("PostgreSQL: not answering while idle: {Error}", e.Message);
                }
            }
        }

        /// <summary>Stores the batch, retrying until it is committed; meanwhile tells the engine the messages are still in hand.</summary>
        private async Task<int> StoreAsync(List<INatsJSMsg<byte[]>> messages, List<ParsedMessage> parsed, CancellationToken stop)
        {
            int refused = 0;
            await RetryAsync("storing " + parsed.Count + " messages", async () => refused = await _store.WriteAsync(parsed, stop), stop, async () =>
            {
                foreach (var message in messages)
                {
                    await message.AckProgressAsync(cancellationToken: stop);
                }
            });
            return refused;
        }

        private async Task RetryAsync(string what, Func<Task> action, CancellationToken stop, Func<Task>? whileWaiting = null)
        {
            var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await action();
                    _health.PostgresAnswered();
                    return;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // PostgreSQL away or restarting (or anything else that refused data did not explain): pooled
                    // connections may be dead, drop them and try again. Nothing was committed, nothing acknowledged.
                    _database.Clear();
                    _health.PostgresFailed(e.Message);
                    _health.Turned();
                    if (attempt == 1 || attempt % 20 == 0)
                    {
                        _log.LogWarning("PostgreSQL: {What} failed (attempt {Attempt}): {Error}; retrying", what, attempt, e.Message);
                    }
                }

                if (whileWaiting != null)
                {
                    try
                    {
                        await whileWaiting();
                    }
                    catch (NatsException)
                    {
                        // The engine may be away too; the messages will be redelivered then, which is harmless.
                    }
                }

                await PauseAsync(backoff.Next(), stop);
            }
        }

        /// <summary>Waits, or returns early without throwing when the service stops.</summary>
        private static async Task PauseAsync(TimeSpan wait, CancellationToken stop) =>
            await Task.Delay(wait, stop).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
