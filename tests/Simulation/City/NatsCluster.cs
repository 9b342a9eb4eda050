using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace Smile.Simulation.City
{
    /// <summary>
    /// The city's platform broker as Debian's nats-server runs it: N members (1 or 3) on free loopback ports, each with
    /// JetStream (its own store folder) and an MQTT listener, joined in one cluster. A member can be SIGKILLed and started
    /// again on the same ports and store, as a crashed machine comes back.
    /// </summary>
    public sealed class NatsCluster : IDisposable
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        private readonly List<NatsMember> _members = new List<NatsMember>();

        /// <summary>Appended to every member's configuration: an authorization or a tls block.</summary>
        private readonly string _extraConfig;

        private NatsCluster(int members, string extraConfig)
        {
            _extraConfig = extraConfig;
            Folder = Directory.CreateTempSubdirectory("smile-nats-").FullName;
            for (int i = 0; i < members; i++)
            {
                _members.Add(new NatsMember(i, Folder));
            }
        }

        public string Folder { get; }

        public IReadOnlyList<NatsMember> Members => _members;

        /// <summary>Every member's client URL, comma-separated, as NATS clients take a server list.</summary>
        public string ClientUrls => string.Join(",", _members.Select(m => m.ClientUrl));

        /// <summary>The gateway settings (environment variables) that make every member's MQTT listener its upstream.</summary>
        public Dictionary<string, string> GatewayUpstreamSettings()
        {
            var settings = new Dictionary<string, string>
            {
                // nats-server closes the connection on a topic with ' ' or '.' (server/mqtt.go, errMQTTUnsupportedCharacters).
                ["Smile__Upstream__UnsupportedTopicCharacters"] = " .",
            };
            for (int i = 0; i < _members.Count; i++)
            {
                settings["Smile__Upstream__Members__" + i] = "127.0.0.1:" + _members[i].MqttPort;
            }

            return settings;
        }

        /// <summary>Starts the members and waits until each reports JetStream healthy (meta leader elected).</summary>
        public static NatsCluster Start(int members = 3, string extraConfig = "")
        {
            var cluster = Create(members, extraConfig);
            try
            {
                cluster.Launch();
                return cluster;
            }
            catch
            {
                cluster.Dispose();
                throw;
            }
        }

        /// <summary>The members' ports and folders, nothing running yet: a cluster that is down when its clients start.</summary>
        public static NatsCluster Create(int members = 3, string extraConfig = "")
        {
            if (members < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(members));
            }

            return new NatsCluster(members, extraConfig);
        }

        /// <summary>Starts every member of a created cluster and waits until each reports JetStream healthy.</summary>
        public void Launch()
        {
            foreach (var member in _members)
            {
                member.WriteConfig(_members, _extraConfig);
                member.Launch();
            }

            foreach (var member in _members)
            {
                WaitHealthy(member, TimeSpan.FromSeconds(30));
            }
        }

        /// <summary>SIGKILL: no goodbye to the cluster, no flush of the store.</summary>
        public void Kill(int member) => _members[member].Process.Signal("KILL", TimeSpan.FromSeconds(10));

        /// <summary>Starts a killed member again with its ports and store, and waits until it is healthy.</summary>
        public void Restart(int member)
        {
            // Back means: serving, JetStream's meta layer current, and its copy of the MQTT message stream caught up with
            // where the others were when it came back (on a loaded machine with a backlog that took over 30 s). Not plain
            // /healthz, which also waits for every consumer's replica: in a CI run an idle consumer (the tests' record
            // consumer) stayed "not current" on the restarted member for over 90 s.
            long caughtUpAt = 0;
            for (int i = 0; i < _members.Count; i++)
            {
                if (i != member && _members[i].Running)
                {
                    caughtUpAt = Math.Max(caughtUpAt, LastSequence(_members[i]) ?? 0);
                }
            }

            NatsMember back = _members[member];
            back.Launch();
            back.Process.WaitUntil(() => Answers(back.MonitorUrl + "/healthz?js-server-only=true") && (caughtUpAt == 0 || LastSequence(back) >= caughtUpAt),
                TimeSpan.FromSeconds(90), "nats member " + back.Name + " serving and caught up to message " + caughtUpAt);
        }

        /// <summary>
        /// The member an MQTT client is connected to, by its client id, from each running member's /connz (nats-server
        /// 2.9.10 lists and filters MQTT connections by mqtt_client); null when none has it.
        /// </summary>
        public int? MemberServing(string mqttClientId)
        {
            for (int i = 0; i < _members.Count; i++)
            {
                if (!_members[i].Running)
                {
                    continue;
                }

                try
                {
                    string connz = Http.GetStringAsync(_members[i].MonitorUrl + "/connz?mqtt_client=" + Uri.EscapeDataString(mqttClientId)).GetAwaiter().GetResult();
                    if (System.Text.Json.Nodes.JsonNode.Parse(connz)?["num_connections"]?.GetValue<int>() > 0)
                    {
                        return i;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Starting or dying: not serving it.
                }
            }

            return null;
        }

        public void Dispose()
        {
            foreach (var member in _members)
            {
                member.Process.Dispose();
            }

            try
            {
                Directory.Delete(Folder, true);
            }
            catch (IOException)
            {
                // A file still held open: the temp folder is cleaned by the OS.
            }
        }

        private void WaitHealthy(NatsMember member, TimeSpan timeout)
        {
            // /healthz answers 200 once the member serves clients and, in a cluster, JetStream has a meta leader.
            member.Process.WaitUntil(() => Answers(member.MonitorUrl + "/healthz"), timeout, "nats member " + member.Name + " healthy");
        }

        private static bool Answers(string url)
        {
            try
            {
                using var response = Http.GetAsync(url).GetAwaiter().GetResult();
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }

        /// <summary>The last sequence of this member's copy of the MQTT message stream (its /jsz); null when it cannot say.</summary>
        private static long? LastSequence(NatsMember member)
        {
            try
            {
                string jsz = Http.GetStringAsync(member.MonitorUrl + "/jsz?accounts=true&streams=true").GetAwaiter().GetResult();
                foreach (System.Text.Json.Nodes.JsonNode? account in System.Text.Json.Nodes.JsonNode.Parse(jsz)?["account_details"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray())
                {
                    foreach (System.Text.Json.Nodes.JsonNode? stream in account?["stream_detail"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray())
                    {
                        if ((string?)stream?["name"] == StreamContents.Stream)
                        {
                            return stream?["state"]?["last_seq"]?.GetValue<long>();
                        }
                    }
                }

                return null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}
