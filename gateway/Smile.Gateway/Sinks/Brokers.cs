using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>The two MQTT connections: the Smile Place's own broker, and the city platform's.</summary>
    public sealed class Brokers : IAsyncDisposable
    {
        public Brokers(GatewayOptions options, ILoggerFactory logs, MessageRenderer renderer)
        {
            Local = new MqttClient(MqttOptionsFactory.Create(options.LocalBroker), logs.CreateLogger("Smile.Gateway.LocalBroker"));
            LocalPublisher = new MqttClient(MqttOptionsFactory.Create(options.LocalBroker, null, options.LocalBroker.PublisherClientId),
                logs.CreateLogger("Smile.Gateway.LocalPublisher"));
            string statusTopic = renderer.Topics.GatewayStatus(options.Gateway.Site, options.Gateway.Id);
            var will = new MqttWill(statusTopic, Encoding.UTF8.GetBytes(GatewayStatusPublisher.Offline(options)), QoS.AtLeastOnce, true);
            Upstream = new MqttClient(MqttOptionsFactory.Create(options.Upstream, will), logs.CreateLogger("Smile.Gateway.Upstream"));
        }

        /// <summary>Takes the uplinks (subscriber).</summary>
        public MqttClient Local { get; }

        /// <summary>Publishes node acknowledgements to the local broker, apart from the subscriber.</summary>
        public MqttClient LocalPublisher { get; }

        public MqttClient Upstream { get; }

        public async ValueTask DisposeAsync()
        {
            await Local.DisposeAsync();
            await LocalPublisher.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
