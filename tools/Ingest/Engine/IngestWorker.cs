using System;
using System.Collections.Generic;
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
        private readonly ILogger<IngestWorker> _log;

        public IngestWorker(IngestOptions options, NatsConnection nats, NpgsqlDataSource database, IngestHealth health, ILogger<IngestWorker> log)
        {
            _options = options;
            _nats = nats;
            _database = database;
            _parser = new MessageParser(options.Batch.MaxPayloadBytes);
            _store = new MessageStore(database, MqttMessageStream.Name);
            _health = health;
            _log = log;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            await RetryAsync("migrating the PostgreSQL schema", async () =>
            {
                int version = await Migrator.MigrateAsync(_database, stop);
                _log.LogInformation("PostgreSQL schema at version {Version}", version);
            }, stop);

            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var consumer = await StreamSetup.EnsureAsync(new NatsJSContext(_nats), _options.Nats, _options.Batch.MaxMessages, stop);
                    _log.LogInformation("consuming {Stream} as {Consumer}", MqttMessageStream.Name, _options.Nats.Consumer);
                    backoff.Reset();
                    await ConsumeAsync(consumer, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
                {
                    // The engine is away (a member died, a leader election): reconnect and pick up the durable consumer.
                    _log.LogWarning("engine: {Error}; retrying", e.Message);
                    _health.Turned();
                    await DelayAsync(backoff, stop);
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
                if (messages.Count == 0)
                {
                    continue;
                }

                int refused = await StoreAsync(messages, parsed, stop);
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

                _health.Committed(messages.Count - rejected - refused, rejected + refused);
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
                    return;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // PostgreSQL away or restarting (or anything else that refused data did not explain): pooled
                    // connections may be dead, drop them and try again. Nothing was committed, nothing acknowledged.
                    _database.Clear();
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

                await DelayAsync(backoff, stop);
            }
        }

        private static async Task DelayAsync(Backoff backoff, CancellationToken stop) =>
            await backoff.DelayAsync(stop).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
