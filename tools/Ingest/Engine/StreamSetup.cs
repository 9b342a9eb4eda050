using System;
using System.Threading;
using System.Threading.Tasks;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Engine
{
    /// <summary>
    /// The stream that captures the gateways' MQTT topics and the durable consumer all ingest instances share. Created
    /// when missing; an existing stream is left as the operator configured it (replicas, limits).
    /// </summary>
    public static class StreamSetup
    {
        public static async Task<INatsJSConsumer> EnsureAsync(INatsJSContext js, NatsSettings settings, int maxBatch, CancellationToken cancel)
        {
            try
            {
                await js.GetStreamAsync(settings.Stream, cancellationToken: cancel);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                var config = new StreamConfig(settings.Stream, new[] { settings.Subjects })
                {
                    Storage = StreamConfigStorage.File,
                    Retention = StreamConfigRetention.Limits,
                    NumReplicas = settings.Replicas,
                    MaxAge = TimeSpan.FromDays(settings.MaxAgeDays),
                };
                try
                {
                    await js.CreateStreamAsync(config, cancel);
                }
                catch (NatsJSApiException created) when (created.Error.ErrCode == 10058)
                {
                    // Another instance created it a moment ago (JSStreamNameExistErr).
                }
            }

            // Explicit acknowledgement, redelivery after AckWait, no delivery limit: a message leaves only when some
            // instance has committed it to PostgreSQL (or to the dead-letter table).
            var consumer = new ConsumerConfig(settings.Consumer)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = TimeSpan.FromSeconds(settings.AckWaitSeconds),
                MaxAckPending = settings.MaxAckPending,
                MaxDeliver = -1,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                MaxBatch = maxBatch,
            };
            return await js.CreateOrUpdateConsumerAsync(settings.Stream, consumer, cancel);
        }
    }
}
