using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Smile.Simulation.City
{
    /// <summary>
    /// The engine's stream of normalized messages, as the ingest creates it (smile.v1.&gt;, file storage, N replicas),
    /// and everything in it, read back with an ordered consumer: what reached the city, duplicates included.
    /// </summary>
    public sealed class StreamContents : IAsyncDisposable
    {
        public const string Stream = "SMILE_V1";
        private readonly NatsConnection _connection;
        private readonly NatsJSContext _js;

        public StreamContents(string natsUrls)
        {
            _connection = new NatsConnection(new NatsOpts { Url = natsUrls, Name = "smile-test-reader", RequestTimeout = TimeSpan.FromSeconds(10) });
            _js = new NatsJSContext(_connection);
        }

        public async Task CreateAsync(int replicas, CancellationToken cancel = default)
        {
            var config = new StreamConfig(Stream, new[] { "smile.v1.>" }) { Storage = StreamConfigStorage.File, NumReplicas = replicas };
            await _js.CreateOrUpdateStreamAsync(config, cancel);
        }

        /// <summary>Messages in the stream now; -1 while it cannot say (no leader during an election).</summary>
        public async Task<long> CountAsync()
        {
            try
            {
                INatsJSStream stream = await _js.GetStreamAsync(Stream);
                return (long)stream.Info.State.Messages;
            }
            catch (NatsException)
            {
                return -1;
            }
        }

        /// <summary>Every message in the stream, in stream order; JSON bodies, or null for one that is not.</summary>
        public async Task<List<(string Subject, JsonObject? Message)>> ReadAllAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            INatsJSStream stream = await _js.GetStreamAsync(Stream, cancellationToken: cancel.Token);
            long total = (long)stream.Info.State.Messages;
            var messages = new List<(string, JsonObject?)>();
            if (total == 0)
            {
                return messages;
            }

            INatsJSConsumer consumer = await _js.CreateOrderedConsumerAsync(Stream, cancellationToken: cancel.Token);
            await foreach (NatsJSMsg<byte[]> message in consumer.ConsumeAsync<byte[]>(cancellationToken: cancel.Token))
            {
                JsonObject? body;
                try
                {
                    body = JsonNode.Parse(message.Data)?.AsObject();
                }
                catch (System.Text.Json.JsonException)
                {
                    body = null;
                }

                messages.Add((message.Subject, body));
                if (messages.Count >= total)
                {
                    break;
                }
            }

            return messages;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
