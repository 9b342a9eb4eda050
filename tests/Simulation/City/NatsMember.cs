using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Smile.Simulation.Place;

namespace Smile.Simulation.City
{
    /// <summary>One member of a NatsCluster: its ports, its config file and store folder, its process.</summary>
    public sealed class NatsMember
    {
        internal NatsMember(int index, string clusterFolder)
        {
            Name = "smile-n" + (index + 1);
            Folder = Path.Combine(clusterFolder, Name);
            Directory.CreateDirectory(Folder);
            ClientPort = Loopback.FreePort();
            ClusterPort = Loopback.FreePort();
            MqttPort = Loopback.FreePort();
            MonitorPort = Loopback.FreePort();
            // Debian installs it in /usr/sbin, which a non-root PATH often lacks.
            string server = File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
            Process = new ServerProcess(server, new[] { "-c", ConfigFile }, Path.Combine(Folder, "nats.log"));
        }

        public string Name { get; }

        public string Folder { get; }

        public int ClientPort { get; }

        public int ClusterPort { get; }

        /// <summary>Where gateways publish (MQTT 3.1.1, QoS 0 and 1).</summary>
        public int MqttPort { get; }

        public int MonitorPort { get; }

        public string ClientUrl => "nats://127.0.0.1:" + ClientPort;

        public string MonitorUrl => "http://127.0.0.1:" + MonitorPort;

        public string ConfigFile => Path.Combine(Folder, "nats.conf");

        public int Pid => Process.Pid;

        public bool Running => Process.Running;

        internal ServerProcess Process { get; }

        internal void WriteConfig(IReadOnlyList<NatsMember> all, string extraConfig)
        {
            string cluster = "";
            if (all.Count > 1)
            {
                string routes = string.Join(", ", all.Where(m => m != this).Select(m => "\"nats-route://127.0.0.1:" + m.ClusterPort + "\""));
                cluster = "cluster {\n  name: \"smile-city\"\n  listen: \"127.0.0.1:" + ClusterPort + "\"\n  routes: [" + routes + "]\n}\n";
            }

            // MQTT needs a server name and JetStream: it keeps sessions, QoS 1 messages and retained messages in streams.
            // stream_replicas: by default nats-server 2.9.10 gives those streams one replica per route listed in the
            // config (server/mqtt.go, mqttDetermineReplicas), 2 in a 3-member cluster, and a 2-replica stream has no
            // quorum once either of its members is down: every QoS 1 publish (stored in $MQTT_msgs before the PUBACK)
            // would then fail on every member until the dead one is back. 3 replicas survive the loss of one.
            File.WriteAllText(ConfigFile,
                "server_name: \"" + Name + "\"\n"
                + "listen: \"127.0.0.1:" + ClientPort + "\"\n"
                + "http: \"127.0.0.1:" + MonitorPort + "\"\n"
                + "jetstream {\n  store_dir: \"" + Path.Combine(Folder, "jetstream") + "\"\n}\n"
                + cluster
                + "mqtt {\n  listen: \"127.0.0.1:" + MqttPort + "\"\n  stream_replicas: " + Math.Min(3, all.Count) + "\n}\n"
                + extraConfig);
        }

        internal void Launch() => Process.Start();
    }
}
