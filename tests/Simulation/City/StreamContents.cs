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
    /// nats-server's stream of stored MQTT QoS 1 publishes ($MQTT_msgs, what the PUBACK waited for; the ingest consumes
    /// it, see tools/Ingest/Engine/MqttMessageStream.cs), and everything in it, read back with an ordered consumer: what
    /// reached the city, duplicates included. The stream keeps a message only while some consumer still wants it, so a
    /// test without an ingest creates a record consumer that never acknowledges.
    /// </summary>
    public sealed class StreamContents : IAsyncDisposable
    {
        public const string Stream = "$MQTT_msgs";
        public const string SubjectPrefix = "$MQTT.msgs.";
        public const string IngestConsumer = "smile-ingest";
        private const string RecordConsumer = "smile-test-record";
        private readonly NatsConnection _connection;
        private readonly NatsJSContext _js;

        public StreamContents(string natsUrls)
        {
            _connection = new NatsConnection(new NatsOpts { Url = natsUrls, Name = "smile-test-reader", RequestTimeout = TimeSpan.FromSeconds(10) });
            _js = new NatsJSContext(_connection);
        }

        /// <summary>The stream as nats-server creates it, and a consumer that keeps every gateway message in it.</summary>
        public async Task CreateAsync(int replicas, CancellationToken cancel = default)
        {
            var config = new StreamConfig(Stream, new[] { SubjectPrefix + ">" })
            {
                Storage = StreamConfigStorage.File,
                Retention = StreamConfigRetention.Interest,
                NumReplicas = replicas,
            };
            await _js.CreateOrUpdateStreamAsync(config, cancel);
            var record = new ConsumerConfig(RecordConsumer) { AckPolicy = ConsumerConfigAckPolicy.Explicit, FilterSubject = SubjectPrefix + "smile.v1.>" };
            await _js.CreateOrUpdateConsumerAsync(Stream, record, cancel);
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

        /// <summary>
        /// Every message in the stream, in stream order, under the subject the gateway published to; JSON bodies, or null
        /// for one that is not.
        /// </summary>
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

                messages.Add((message.Subject.Substring(SubjectPrefix.Length), body));
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
