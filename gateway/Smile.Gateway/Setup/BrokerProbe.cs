using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Setup
{
    /// <summary>One connection to the platform broker with the gateway's own settings (TLS verified as the service does).</summary>
    public static class BrokerProbe
    {
        /// <summary>Null when the broker accepted the login; else why not.</summary>
        public static async Task<string?> TryAsync(UpstreamSettings upstream)
        {
            // Its own client id and a clean session: the service's session (and what it queued) stays untouched.
            MqttClientOptions options = MqttOptionsFactory.Create(upstream, null, "smile-gateway-check");
            options.CleanSession = true;
            options.PublishOnly = true;
            await using var client = new MqttClient(options, NullLogger.Instance);
            client.Start();
            return await client.WaitConnectedAsync(TimeSpan.FromSeconds(15)) ? null : client.LastError ?? "no answer within 15 s";
        }
    }
}
