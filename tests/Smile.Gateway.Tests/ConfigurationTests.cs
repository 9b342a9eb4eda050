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

        private static GatewayOptions Valid()
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "hafen";
            return options;
        }
    }
}
