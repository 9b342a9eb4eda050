using System;
using System.Linq;
using System.Net;

namespace Smile.Mqtt
{
    /// <summary>
    /// Whether the configuration sends a password readable on the network: one without TLS to another machine. A
    /// broker on the same machine (loopback) is exempt: the gateway's own local broker is one, and the password never
    /// leaves the host.
    /// </summary>
    internal static class PlainTextPassword
    {
        public static bool LeavesTheMachine(MqttClientOptions options) =>
            options.Password != null && options.Tls == null && !MqttClient.BrokersOf(options).All(b => IsLoopback(b.Host));

        private static bool IsLoopback(string host) =>
            string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));
    }
}
