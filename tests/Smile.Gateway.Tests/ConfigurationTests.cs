using Smile.Gateway.Configuration;
using Xunit;

namespace Smile.Gateway.Tests
{
    public class ConfigurationTests
    {
        [Fact]
        public void A_complete_configuration_passes()
        {
            Assert.True(new GatewayOptionsValidator().Validate(null, Valid()).Succeeded);
        }

        [Fact]
        public void Every_problem_names_its_key_and_why()
        {
            GatewayOptions options = Valid();
            options.Gateway.Id = "";
            options.Upstream.Port = 0;
            options.LocalBroker.ClientId = "this-client-id-is-far-too-long-for-mqtt";
            options.Nodes.UnknownNodePolicy = "maybe";
            options.Buffer.MaxBytes = 10;
            options.Upstream.Tls = new TlsSettings { Enabled = true, CaFile = "/nonexistent/ca.crt" };

            var result = new GatewayOptionsValidator().Validate(null, options);

            Assert.False(result.Succeeded);
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Gateway:Id must be set"));
            Assert.Contains(result.Failures!, f => f == "Smile:Upstream:Port must be 1..65535 (is 0)");
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:LocalBroker:ClientId must be 1 to 23 characters"));
            Assert.Contains(result.Failures!, f => f == "Smile:Nodes:UnknownNodePolicy must be accept or quarantine (is 'maybe')");
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Buffer:MaxBytes must be at least 65536"));
            Assert.Contains(result.Failures!, f => f == "Smile:Upstream:Tls:CaFile names a file that does not exist: /nonexistent/ca.crt");
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(int.MinValue)]
        public void A_commit_target_below_one_is_refused(int target)
        {
            GatewayOptions options = Valid();
            options.Buffer.CommitTargetMessages = target;

            var result = new GatewayOptionsValidator().Validate(null, options);

            Assert.Contains(result.Failures!, f => f == "Smile:Buffer:CommitTargetMessages must be 1 or more (is " + target + ")");
        }

        [Theory]
        [InlineData(15)]
        [InlineData(0)]
        [InlineData(int.MinValue)]
        public void A_free_space_floor_without_room_for_the_write_ahead_log_is_refused(int megabytes)
        {
            GatewayOptions options = Valid();
            options.Buffer.MinFreeMegabytes = megabytes;

            var result = new GatewayOptionsValidator().Validate(null, options);

            Assert.Contains(result.Failures!, f => f == "Smile:Buffer:MinFreeMegabytes must be at least 16, room for the write-ahead log and a checkpoint (is " + megabytes + ")");
        }

        [Fact]
        public void A_batch_size_below_the_default_commit_target_still_starts()
        {
            // A configuration from before the target existed, committing each message alone.
            GatewayOptions options = Valid();
            options.Buffer.CommitBatchSize = 1;

            Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
        }

        [Fact]
        public void A_direct_tts_connection_needs_the_source_a_login_and_no_password_in_the_settings()
        {
            GatewayOptions options = Valid();
            options.Sources.TheThingsStack.Mqtt.Host = "eu1.cloud.thethings.network";
            options.Sources.TheThingsStack.Mqtt.Password = "secret";

            var result = new GatewayOptionsValidator().Validate(null, options);

            Assert.False(result.Succeeded);
            Assert.Contains(result.Failures!, f => f == "Smile:Sources:TheThingsStack:Mqtt Host is set but Sources:TheThingsStack:Enabled is not true");
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Sources:TheThingsStack:Mqtt Username must be set"));
            Assert.Contains(result.Failures!, f => f.StartsWith("Smile:Sources:TheThingsStack:Mqtt Password must not be set"));

            options.Sources.TheThingsStack.Enabled = true;
            options.Sources.TheThingsStack.Mqtt.Password = null;
            options.Sources.TheThingsStack.Mqtt.Username = "app1@ttn";
            Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
            Assert.Equal("v3/app1@ttn/devices/+/up", options.Sources.TheThingsStack.Mqtt.TopicFilter(options.Sources.TheThingsStack.Storage));
            Assert.Equal(8883, options.Sources.TheThingsStack.Mqtt.Port);
            Assert.True(options.Sources.TheThingsStack.Mqtt.Tls!.Enabled);
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
