using System.Linq;
using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The upstream as a cluster's members: old single-broker files still work, a bad entry is named.</summary>
    public class UpstreamMembersTests
    {
        [Fact]
        public void Host_and_Port_alone_still_make_the_one_broker()
        {
            GatewayOptions options = Valid();
            options.Upstream.Host = "platform.example";
            options.Upstream.Port = 8883;

            Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
            var mqtt = MqttOptionsFactory.Create(options.Upstream);
            Assert.Empty(mqtt.Members);
            Assert.Equal("platform.example", mqtt.Host);
        }

        [Fact]
        public void Members_become_the_clients_brokers_in_order()
        {
            GatewayOptions options = Valid();
            options.Upstream.Port = 8883;
            options.Upstream.Members = new() { "nats-1.example:1883", "nats-2.example", "[fd00::3]:1884" };

            Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
            var mqtt = MqttOptionsFactory.Create(options.Upstream);
            Assert.Equal(new[] { "nats-1.example:1883", "nats-2.example:8883", "[fd00::3]:1884" }, mqtt.Members.Select(m => m.ToString()));
        }

        [Fact]
        public void A_bad_or_repeated_member_is_named()
        {
            GatewayOptions options = Valid();
            options.Upstream.Members = new() { "nats-1:1883", "nats-2:18x3", "nats-1:1883" };

            var failures = new GatewayOptionsValidator().Validate(null, options).Failures!.ToList();
            Assert.Contains(failures, f => f.StartsWith("Smile:Upstream:Members:1 'nats-2:18x3'", System.StringComparison.Ordinal));
            Assert.Contains(failures, f => f.StartsWith("Smile:Upstream:Members:2 'nats-1:1883' is listed twice", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_prefix_with_a_character_the_platform_refuses_is_refused()
        {
            GatewayOptions options = Valid();
            options.Upstream.UnsupportedTopicCharacters = " .";
            options.Upstream.TopicPrefix = "city.smile/v1";

            Assert.Contains(new GatewayOptionsValidator().Validate(null, options).Failures!, f => f.Contains("Upstream:TopicPrefix", System.StringComparison.Ordinal));
        }

        private static GatewayOptions Valid()
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "hafen";
            return options;
        }
    }
}
