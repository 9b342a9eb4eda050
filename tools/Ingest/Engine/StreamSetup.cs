using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Engine
{
    /// <summary>
    /// The durable consumer all ingest instances share, on nats-server's MQTT message stream (see
    /// <see cref="MqttMessageStream"/>) filtered to the gateways' topics. nats-server creates that stream only when the
    /// first MQTT client connects, so before any gateway did, the ingest creates it, exactly as nats-server would: the
    /// stream keeps only what some consumer is interested in, so the consumer must exist before the first publish.
    /// </summary>
    public static class StreamSetup
    {
        /// <summary>JSStreamNotFoundErr, JSConsumerNotFoundErr, JSStreamNameExistErr (nats-server errors.json).</summary>
        private const int StreamNotFound = 10059;
        private const int ConsumerNotFound = 10014;
        private const int StreamNameExists = 10058;

        public static async Task<INatsJSConsumer> EnsureAsync(INatsJSContext js, NatsSettings settings, int maxBatch, ILogger log, CancellationToken cancel)
        {
            INatsJSStream stream = await GetOrCreateStreamAsync(js, settings, log, cancel);
            await WarnOnFirstConsumerAsync(stream, settings, log, cancel);

            // Explicit acknowledgement, redelivery after AckWait, no delivery limit: a message leaves only when some
            // instance has committed it to PostgreSQL (or to the dead-letter table).
            var consumer = new ConsumerConfig(settings.Consumer)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = TimeSpan.FromSeconds(settings.AckWaitSeconds),
                MaxAckPending = settings.MaxAckPending,
                MaxDeliver = -1,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                FilterSubject = MqttMessageStream.SubjectPrefix + settings.Subjects,
                NumReplicas = settings.Replicas,
                MaxBatch = maxBatch,
            };
            return await js.CreateOrUpdateConsumerAsync(MqttMessageStream.Name, consumer, cancel);
        }

        private static async Task<INatsJSStream> GetOrCreateStreamAsync(INatsJSContext js, NatsSettings settings, ILogger log, CancellationToken cancel)
        {
            try
            {
                return await js.GetStreamAsync(MqttMessageStream.Name, cancellationToken: cancel);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == StreamNotFound)
            {
                // nats-server v2.9.10 server/mqtt.go, mqttAccountSessionManager.init: it looks the stream up first and
                // creates it only when missing, with these fields and the defaults for the rest; one that exists is
                // used as it is. mqtt { stream_replicas } is the cluster's Replicas.
                var config = new StreamConfig(MqttMessageStream.Name, new[] { MqttMessageStream.SubjectPrefix + ">" })
                {
                    Storage = StreamConfigStorage.File,
                    Retention = StreamConfigRetention.Interest,
                    NumReplicas = settings.Replicas,
                };
                try
                {
                    INatsJSStream created = await js.CreateStreamAsync(config, cancel);
                    log.LogInformation("created {Stream} ({Replicas} replicas), as nats-server would for its first MQTT client", MqttMessageStream.Name, settings.Replicas);
                    return created;
                }
                catch (NatsJSApiException exists) when (exists.Error.ErrCode == StreamNameExists)
                {
                    // nats-server or another instance created it a moment ago.
                    return await js.GetStreamAsync(MqttMessageStream.Name, cancellationToken: cancel);
                }
            }
        }

        /// <summary>
        /// Messages the stream took before the consumer ever existed were dropped at once (no interest): nothing can
        /// bring them back, but the operator should know that gateways published before the first ingest started.
        /// </summary>
        private static async Task WarnOnFirstConsumerAsync(INatsJSStream stream, NatsSettings settings, ILogger log, CancellationToken cancel)
        {
            try
            {
                await stream.GetConsumerAsync(settings.Consumer, cancel);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == ConsumerNotFound)
            {
                ulong taken = stream.Info.State.LastSeq;
                if (taken > 0)
                {
                    log.LogWarning("creating the durable consumer {Consumer}: {Stream} already took {Count} MQTT messages (any topic) before it existed and kept "
                        + "them for no one; what gateways published before the first ingest started is lost", settings.Consumer, MqttMessageStream.Name, taken);
                }
            }
        }
    }
}
