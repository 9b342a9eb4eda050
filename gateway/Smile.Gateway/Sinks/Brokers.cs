using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>The MQTT connections: the Smile Place's own broker, the city platform's, and optionally The Things Stack's.</summary>
    public sealed class Brokers : IAsyncDisposable
    {
        public Brokers(GatewayOptions options, ILoggerFactory logs, MessageRenderer renderer)
        {
            Local = new MqttClient(MqttOptionsFactory.Create(options.LocalBroker), logs.CreateLogger("Smile.Gateway.LocalBroker"));
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

            TtsSourceSetting tts = options.Sources.TheThingsStack;
            if (tts.Mqtt.Enabled)
            {
                // A fixed client id and a persistent session, like the other connections; the password (an API key)
                // comes from the environment only.
                string? password = Environment.GetEnvironmentVariable(tts.Mqtt.PasswordVariable)?.Trim();
                if (string.IsNullOrEmpty(password))
                {
                    logs.CreateLogger("Smile.Gateway.TtsMqtt").LogError("Sources:TheThingsStack:Mqtt:Host is set but the environment variable {Variable} holding the password (an API key) is empty: TTS will refuse the login",
                        tts.Mqtt.PasswordVariable);
                }

                Tts = new MqttClient(MqttOptionsFactory.Create(tts.Mqtt, null, null, tts.Mqtt.Login(tts.Storage), string.IsNullOrEmpty(password) ? null : password),
                    logs.CreateLogger("Smile.Gateway.TtsMqtt"));
            }
        }

        public const int UpstreamDeliveryAttempts = 5;

        /// <summary>Takes the uplinks (subscriber).</summary>
        public MqttClient Local { get; }

        /// <summary>Publishes node acknowledgements to the local broker, apart from the subscriber.</summary>
        public MqttClient LocalPublisher { get; }

        public MqttClient Upstream { get; }

        /// <summary>Takes The Things Stack's uplinks from its own MQTT server (QoS 0); null unless Sources:TheThingsStack:Mqtt:Host is set.</summary>
        public MqttClient? Tts { get; }

        public async ValueTask DisposeAsync()
        {
            await Local.DisposeAsync();
            await LocalPublisher.DisposeAsync();
            await Upstream.DisposeAsync();
            if (Tts != null)
            {
                await Tts.DisposeAsync();
            }
        }
    }
}
