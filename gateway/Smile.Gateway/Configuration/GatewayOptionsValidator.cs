using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Options;
using Smile.Mqtt;

namespace Smile.Gateway.Configuration
{
    /// <summary>Checks the configuration at start; every failure names the key and why, and the service refuses to run.</summary>
    public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
    {
        public ValidateOptionsResult Validate(string? name, GatewayOptions o)
        {
            var errors = new List<string>();
            void Require(bool ok, string key, string why)
            {
                if (!ok)
                {
                    errors.Add(GatewayOptions.Section + ":" + key + " " + why);
                }
            }

            Require(IsName(o.Gateway.Id), "Gateway:Id", "must be set to letters, digits, '-' or '_' (is '" + o.Gateway.Id + "')");
            Require(IsName(o.Gateway.Site), "Gateway:Site", "must be set to letters, digits, '-' or '_' (is '" + o.Gateway.Site + "')");
            Require(o.Gateway.DataDirectory.Length > 0, "Gateway:DataDirectory", "must name a folder");
            Broker(errors, "LocalBroker", o.LocalBroker);
            Require(o.LocalBroker.PublisherClientId.Length is > 0 and <= 23 && o.LocalBroker.PublisherClientId != o.LocalBroker.ClientId,
                "LocalBroker:PublisherClientId", "must be 1 to 23 characters and differ from ClientId (is '" + o.LocalBroker.PublisherClientId + "')");
            LocalPublisherLogin(errors, o.LocalBroker);
            Broker(errors, "Upstream", o.Upstream);
            UpstreamMembers(errors, o.Upstream);
            Require(o.Upstream.TopicPrefix.Length > 0 && !o.Upstream.TopicPrefix.EndsWith('/') && o.Upstream.TopicPrefix.IndexOfAny(new[] { '+', '#' }) < 0,
                "Upstream:TopicPrefix", "must be a topic without wildcards or a trailing '/' (is '" + o.Upstream.TopicPrefix + "')");
            foreach (string format in o.Upstream.FormatList())
            {
                Require(UpstreamSettings.KnownFormats.Contains(format), "Upstream:Formats", "lists '" + format + "'; known formats: " + string.Join(", ", UpstreamSettings.KnownFormats));
            }

            Require(o.Upstream.FormatList().Length > 0, "Upstream:Formats", "must name at least one format");
            if (o.Upstream.FormatList().Contains("sensorthings"))
            {
                Require(File.Exists(o.Upstream.SensorThings.MappingFile), "Upstream:SensorThings:MappingFile",
                    "must name the Datastream mapping file (is '" + o.Upstream.SensorThings.MappingFile + "')");
                Require(o.Upstream.SensorThings.Version is "v1.0" or "v1.1", "Upstream:SensorThings:Version", "must be v1.0 or v1.1");
            }

            foreach (var (key, at) in o.Upstream.Locations)
            {
                Require(at.Length == 2 && at[0] >= -180 && at[0] <= 180 && at[1] >= -90 && at[1] <= 90, "Upstream:Locations:" + key,
                    "must be [longitude, latitude] in degrees");
            }

            Require(o.Upstream.ReplayMaxPerSecond > 0, "Upstream:ReplayMaxPerSecond", "must be above 0 (is " + o.Upstream.ReplayMaxPerSecond + ")");
            Require(o.Sources.Wifi.Enabled || o.Sources.ChirpStack.Enabled || o.Sources.TheThingsStack.Enabled, "Sources", "must enable at least one source");
            foreach (string problem in o.Sources.TheThingsStack.Storage.Problems(o.Sources.TheThingsStack.Topic))
            {
                Require(false, "Sources:TheThingsStack:Storage", problem);
            }

            if (o.Sources.TheThingsStack.Mqtt.Enabled)
            {
                Broker(errors, "Sources:TheThingsStack:Mqtt", o.Sources.TheThingsStack.Mqtt);
                foreach (string problem in o.Sources.TheThingsStack.Mqtt.Problems(o.Sources.TheThingsStack))
                {
                    Require(false, "Sources:TheThingsStack:Mqtt", problem);
                }
            }

            Require(o.Sources.WifiAckTopic.Contains("{node}"), "Sources:WifiAckTopic", "must contain {node} (is '" + o.Sources.WifiAckTopic + "')");
            Require(o.Nodes.UnknownNodePolicy is "accept" or "quarantine", "Nodes:UnknownNodePolicy", "must be accept or quarantine (is '" + o.Nodes.UnknownNodePolicy + "')");
            foreach (var (reading, range) in o.Nodes.Plausible)
            {
                Require(range.Min < range.Max, "Nodes:Plausible:" + reading, "needs Min below Max (is " + range.Min + ".." + range.Max + ")");
            }

            Require(o.Filters.MaxFramesPerNodePerMinute >= 0, "Filters:MaxFramesPerNodePerMinute", "must be 0 (off) or more");
            Require(o.Filters.HeartbeatSeconds > 0, "Filters:HeartbeatSeconds", "must be above 0");
            Require(o.Filters.MinIntervalSeconds >= 0, "Filters:MinIntervalSeconds", "must be 0 or more");
            Require(o.Filters.DedupWindowHours > 0, "Filters:DedupWindowHours", "must be above 0");
            Require(o.Buffer.MaxBytes >= 64 * 1024, "Buffer:MaxBytes", "must be at least 65536 (is " + o.Buffer.MaxBytes + ")");
            Require(o.Buffer.MaxAgeDays > 0, "Buffer:MaxAgeDays", "must be above 0");
            Require(o.Buffer.MinFreeMegabytes >= 16, "Buffer:MinFreeMegabytes", "must be at least 16, room for the write-ahead log and a checkpoint (is " + o.Buffer.MinFreeMegabytes + ")");
            Require(o.Buffer.CommitBatchSize is > 0 and <= 10000, "Buffer:CommitBatchSize", "must be 1..10000");
            Require(o.Buffer.CommitDelayMilliseconds is >= 0 and <= 1000, "Buffer:CommitDelayMilliseconds", "must be 0..1000");
            Require(o.Buffer.CommitTargetMessages >= 1, "Buffer:CommitTargetMessages", "must be 1 or more (is " + o.Buffer.CommitTargetMessages + ")");
            Require(o.Buffer.MaxQuarantineRows > 0, "Buffer:MaxQuarantineRows", "must be above 0");
            Require(System.Uri.TryCreate(o.Health.Url, System.UriKind.Absolute, out _), "Health:Url", "must be an absolute http URL (is '" + o.Health.Url + "')");
            Require(string.IsNullOrEmpty(o.Health.Username) || !string.IsNullOrEmpty(o.Health.Password), "Health:Password",
                "must be set when Health:Username is (is empty: the status page would be open to anyone who can reach it)");
            foreach (var (key, why) in o.Board.Problems(o.Gateway.Id))
            {
                Require(false, key, why);
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        private static void Broker(List<string> errors, string key, BrokerSettings b)
        {
            string prefix = GatewayOptions.Section + ":" + key + ":";
            if (b.Host.Length == 0)
            {
                errors.Add(prefix + "Host must be set");
            }

            if (b.Port is < 1 or > 65535)
            {
                errors.Add(prefix + "Port must be 1..65535 (is " + b.Port + ")");
            }

            if (b.ClientId.Length is 0 or > 23)
            {
                errors.Add(prefix + "ClientId must be 1 to 23 characters, fixed, for a persistent session (is '" + b.ClientId + "')");
            }

            if (b.MaxInflight is < 1 or > 65535)
            {
                errors.Add(prefix + "MaxInflight must be 1..65535");
            }

            if (b.Tls is { Enabled: true })
            {
                foreach (var (file, name) in new[] { (b.Tls.CaFile, "CaFile"), (b.Tls.ClientCertificateFile, "ClientCertificateFile"), (b.Tls.ClientKeyFile, "ClientKeyFile") })
                {
                    if (file != null && !File.Exists(file))
                    {
                        errors.Add(prefix + "Tls:" + name + " names a file that does not exist: " + file);
                    }
                }
            }
        }

        /// <summary>Each member must be host:port, once; the message names the entry (Smile:Upstream:Members:2) and its text.</summary>
        private static void UpstreamMembers(List<string> errors, UpstreamSettings u)
        {
            string prefix = GatewayOptions.Section + ":Upstream:Members:";
            var seen = new HashSet<string>();
            for (int i = 0; i < u.Members.Count; i++)
            {
                MqttEndpoint? member = MqttEndpoint.TryParse(u.Members[i] ?? "", u.Port, out string? problem);
                if (member == null)
                {
                    errors.Add(prefix + i + " " + problem);
                }
                else if (!seen.Add(member.ToString()))
                {
                    errors.Add(prefix + i + " '" + u.Members[i] + "' is listed twice");
                }
            }

            foreach (char c in u.UnsupportedTopicCharacters)
            {
                if (u.TopicPrefix.Contains(c))
                {
                    errors.Add(GatewayOptions.Section + ":Upstream:TopicPrefix '" + u.TopicPrefix + "' has '" + c + "', which Upstream:UnsupportedTopicCharacters says the platform refuses: every message would be");
                }
            }
        }

        /// <summary>
        /// The broker makes each login its own client id (use_username_as_clientid): the subscriber and the publisher
        /// sharing one login would take over each other's session, each connect closing the other.
        /// </summary>
        private static void LocalPublisherLogin(List<string> errors, LocalBrokerSettings b)
        {
            string prefix = GatewayOptions.Section + ":LocalBroker:";
            if (!string.IsNullOrEmpty(b.Username) && string.IsNullOrEmpty(b.PublisherUsername))
            {
                errors.Add(prefix + "PublisherUsername must be set when Username is: the publisher needs its own login (nodectl provision writes it into gateway.env)");
            }
            else if (!string.IsNullOrEmpty(b.PublisherUsername) && b.PublisherUsername == b.Username)
            {
                errors.Add(prefix + "PublisherUsername must differ from Username (both are '" + b.Username + "'): the broker ties client ids to logins");
            }
        }

        private static bool IsName(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
