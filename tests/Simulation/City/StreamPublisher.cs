using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Smile.Simulation.City
{
    /// <summary>
    /// Puts messages into nats-server's MQTT message stream exactly as its MQTT side stores a QoS 1 publish (subject
    /// "$MQTT.msgs." + the topic's NATS subject, header "Nmqtt-Pub: 1", the payload raw), but over NATS with JetStream
    /// acknowledgements: fast enough for tens of thousands of messages, and each one known to be stored.
    /// </summary>
    public sealed class StreamPublisher : IAsyncDisposable
    {
        private readonly NatsConnection _connection;
        private static readonly NatsHeaders StoredAsQos1 = new NatsHeaders { ["Nmqtt-Pub"] = "1" };
        private readonly NatsJSContext _js;

        public StreamPublisher(string natsUrls)
        {
            _connection = new NatsConnection(new NatsOpts { Url = natsUrls, Name = "smile-test-publisher", RequestTimeout = TimeSpan.FromSeconds(10) });
            _js = new NatsJSContext(_connection);
        }

        /// <summary>
        /// Waits until the ingest's consumer exists (the ingest creates it at start): before, the stream would drop
        /// what is published, as no consumer wants it.
        /// </summary>
        public async Task WaitForIngestAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    await _js.GetConsumerAsync(StreamContents.Stream, StreamContents.IngestConsumer);
                    return;
                }
                catch (NatsJSApiException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
                catch (NatsException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        /// <summary>Publishes each message and waits for the stream's acknowledgement, up to 256 at a time; retries what failed.</summary>
        public async Task PublishAsync(IEnumerable<(string Subject, byte[] Payload)> messages, CancellationToken cancel = default)
        {
            var pending = new List<Task>();
            foreach (var (subject, payload) in messages)
            {
                pending.Add(PublishOneAsync(subject, payload, cancel));
                if (pending.Count >= 256)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private async Task PublishOneAsync(string subject, byte[] payload, CancellationToken cancel)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var ack = await _js.PublishAsync(StreamContents.SubjectPrefix + subject, payload, headers: StoredAsQos1, cancellationToken: cancel);
                    ack.EnsureSuccess();
                    return;
                }
                catch (NatsException) when (attempt < 30)
                {
                    // A member died or a leader election is on: the stream takes it once it has a leader again.
                    await Task.Delay(200 * Math.Min(attempt, 10), cancel);
                }
            }
        }
    }
}
