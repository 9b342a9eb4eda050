using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>A password sent to another machine without TLS can be read on every link in between: say so, once.</summary>
    public class PlainPasswordTests
    {
        [Theory]
        [InlineData("broker.example", "secret", false, 1)]
        [InlineData("192.0.2.10", "secret", false, 1)]
        [InlineData("broker.example", "secret", true, 0)]
        [InlineData("broker.example", null, false, 0)]
        [InlineData("127.0.0.1", "secret", false, 0)]
        [InlineData("localhost", "secret", false, 0)]
        [InlineData("::1", "secret", false, 0)]
        public async Task A_password_without_tls_to_another_host_is_warned_about_once(string host, string? password, bool tls, int warnings)
        {
            var log = new RecordingLogger();
            var options = new MqttClientOptions
            {
                Host = host,
                ClientId = "warned",
                Username = "gateway",
                Password = password,
                Tls = tls ? new MqttTlsOptions() : null,
            };

            // Never started: the warning comes from the configuration, no connection is needed.
            await using var client = new MqttClient(options, log);

            Assert.Equal(warnings, log.AtLeast(LogLevel.Warning).Count(w => w.Contains("without TLS", System.StringComparison.Ordinal)));
        }
    }
}
