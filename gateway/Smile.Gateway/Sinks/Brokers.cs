using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>The publishing MQTT connections: node acknowledgements to the Smile Place's own broker, and the city platform's (the subscribing ones are <see cref="Sources.UplinkConnections"/>).</summary>
    public sealed class Brokers : IAsyncDisposable
    {
        public Brokers(GatewayOptions options, ILoggerFactory logs, MessageRenderer renderer)
        {
            LocalBrokerSettings local = options.LocalBroker;
            // Neither publishing connection subscribes: whatever a broker sends them anyway is acknowledged and dropped,
            // so an unread receive queue cannot stop the PUBACKs (issue 11).
            MqttClientOptions publisher = MqttOptionsFactory.Create(local, null, local.PublisherClientId, local.PublisherUsername, local.PublisherPassword);
            publisher.PublishOnly = true;
            LocalPublisher = new MqttClient(publisher, logs.CreateLogger("Smile.Gateway.LocalPublisher"));
            string statusTopic = renderer.Topics.GatewayStatus(options.Gateway.Site, options.Gateway.Id);
            var will = new MqttWill(statusTopic, Encoding.UTF8.GetBytes(GatewayStatusPublisher.Offline(options)), QoS.AtLeastOnce, true);
            MqttClientOptions upstream = MqttOptionsFactory.Create(options.Upstream, will);
            upstream.PublishOnly = true;

            // A platform broker that closes the connection on a publish it refuses (AWS IoT Core, EMQX, HiveMQ) would get
            // the same message first after every reconnect: after this many tries the forwarder parks it as a dead letter.
            upstream.MaxDeliveryAttempts = UpstreamDeliveryAttempts;
            Upstream = new MqttClient(upstream, logs.CreateLogger("Smile.Gateway.Upstream"));
        }

        public const int UpstreamDeliveryAttempts = 5;

        /// <summary>Publishes node acknowledgements to the local broker, apart from the subscriber.</summary>
        public MqttClient LocalPublisher { get; }

        public MqttClient Upstream { get; }

        public async ValueTask DisposeAsync()
        {
            await LocalPublisher.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
