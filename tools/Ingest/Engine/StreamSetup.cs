using System;
using System.Threading;
using System.Threading.Tasks;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Engine
{
    /// <summary>
    /// The durable consumer all ingest instances share, on nats-server's MQTT message stream (see
    /// <see cref="MqttMessageStream"/>) filtered to the gateways' topics. The stream is created when missing, exactly as
    /// nats-server would create it, so that the consumer exists before the first gateway publishes: the stream keeps
    /// only what some consumer is interested in.
    /// </summary>
    public static class StreamSetup
    {
        public static async Task<INatsJSConsumer> EnsureAsync(INatsJSContext js, NatsSettings settings, int maxBatch, CancellationToken cancel)
        {
            try
            {
                await js.GetStreamAsync(MqttMessageStream.Name, cancellationToken: cancel);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                var config = new StreamConfig(MqttMessageStream.Name, new[] { MqttMessageStream.SubjectPrefix + ">" })
                {
                    Storage = StreamConfigStorage.File,
                    Retention = StreamConfigRetention.Interest,
                    NumReplicas = settings.Replicas,
                };
                try
                {
                    await js.CreateStreamAsync(config, cancel);
                }
                catch (NatsJSApiException created) when (created.Error.ErrCode == 10058)
                {
                    // nats-server or another instance created it a moment ago (JSStreamNameExistErr).
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
                FilterSubject = MqttMessageStream.SubjectPrefix + settings.Subjects,
                NumReplicas = settings.Replicas,
                MaxBatch = maxBatch,
            };
            return await js.CreateOrUpdateConsumerAsync(MqttMessageStream.Name, consumer, cancel);
        }
    }
}
