using System;
using System.IO;
using System.Linq;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// The Smile Place broker exactly as shipped: gateway/deploy/mosquitto/smile-place.conf after policy.conf, with only
    /// its listeners moved to free loopback ports and /etc/smile-gateway/mosquitto/ to the broker's folder. The caller's
    /// prepare puts the files the config names there: passwd, acl, tls/server.crt and tls/server.key (nodectl provision
    /// and nodectl ca write them).
    /// </summary>
    public sealed class ShippedBroker : IDisposable
    {
        private const string ConfigFolder = "/etc/smile-gateway/mosquitto/";

        private ShippedBroker(Mosquitto broker, int plainPort, int tlsPort)
        {
            Broker = broker;
            PlainPort = plainPort;
            TlsPort = tlsPort;
        }

        public Mosquitto Broker { get; }

        /// <summary>The gateway's listener (1884 as shipped).</summary>
        public int GatewayPort => Broker.Port;

        /// <summary>The plain node and network server listener (1883 as shipped).</summary>
        public int PlainPort { get; }

        /// <summary>The TLS node listener (8883 as shipped).</summary>
        public int TlsPort { get; }

        /// <summary>extraConfig follows the shipped lines, e.g. "log_type information" to see every connect.</summary>
        public static ShippedBroker Start(Action<string> prepare, string extraConfig = "")
        {
            int plain = Loopback.FreePort();
            int tls = Loopback.FreePort();
            string shipped = string.Join("\n", File.ReadAllLines(RepoPaths.Of("gateway", "deploy", "mosquitto", "smile-place.conf")).Select(line => line switch
            {
                "listener 8883" => "listener " + tls + " 127.0.0.1",
                "listener 1883" => "listener " + plain + " 127.0.0.1",
                "listener 1884 127.0.0.1" => "listener {port} 127.0.0.1",
                _ when line.StartsWith("listener ", StringComparison.Ordinal) => throw new InvalidOperationException("smile-place.conf has a listener this harness does not know: " + line),
                _ => line.Replace(ConfigFolder, "{dir}/"),
            }));
            Mosquitto broker = Mosquitto.Start(shipped + "\n" + extraConfig, listenerIncluded: true, prepare: b => prepare(b.Folder));
            return new ShippedBroker(broker, plain, tls);
        }

        public void Dispose() => Broker.Dispose();
    }
}
