using System;
using System.Globalization;

namespace Smile.Mqtt
{
    /// <summary>
    /// One broker the client may connect to: a member of a cluster, or the only broker. With TLS its certificate must
    /// carry its host name, unless <see cref="MqttTlsOptions.ServerName"/> names one for all members.
    /// </summary>
    public sealed class MqttEndpoint
    {
        public MqttEndpoint(string host, int port)
        {
            Host = host;
            Port = port;
        }

        public string Host { get; }

        public int Port { get; }

        /// <summary>
        /// Reads "host:port", "[v6-address]:port" or, with defaultPort, a bare host; null with why it is not one.
        /// </summary>
        public static MqttEndpoint? TryParse(string text, int? defaultPort, out string? problem)
        {
            problem = null;
            string value = text.Trim();
            string host = value;
            string? port = null;
            if (value.StartsWith('['))
            {
                int close = value.IndexOf(']');
                host = close > 1 ? value.Substring(1, close - 1) : "";
                port = close > 0 && close + 1 < value.Length && value[close + 1] == ':' ? value.Substring(close + 2) : null;
            }
            else if (value.IndexOf(':') != value.LastIndexOf(':'))
            {
                // fd00::7:1883 could be an address with or without a port.
                problem = "'" + text + "' is ambiguous: write an IPv6 address in brackets, [fd00::7]:1883";
                return null;
            }
            else if (value.IndexOf(':') is int colon and >= 0)
            {
                host = value.Substring(0, colon);
                port = value.Substring(colon + 1);
            }

            if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '/', '\t' }) >= 0)
            {
                problem = "'" + text + "' is not host:port";
                return null;
            }

            int number;
            if (port == null)
            {
                if (defaultPort == null)
                {
                    problem = "'" + text + "' has no port (host:port)";
                    return null;
                }

                number = defaultPort.Value;
            }
            else if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535)
            {
                problem = "'" + text + "' has no port 1..65535";
                return null;
            }

            return new MqttEndpoint(host, number);
        }

        public override string ToString() => (Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
    }
}
