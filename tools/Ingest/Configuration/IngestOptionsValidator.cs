using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using Microsoft.Extensions.Options;

namespace Smile.Ingest.Configuration
{
    /// <summary>Checks the configuration at start; every failure names the key and why, and the service refuses to run.</summary>
    public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
    {
        public ValidateOptionsResult Validate(string? name, IngestOptions o)
        {
            var errors = new List<string>();
            void Require(bool ok, string key, string why)
            {
                if (!ok)
                {
                    errors.Add(IngestOptions.Section + ":" + key + " " + why);
                }
            }

            Require(o.Nats.Url.Length > 0, "Nats:Url", "must name at least one server");
            foreach (string member in o.Nats.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Uri? url = ServerUrl(member);
                Require(url != null, "Nats:Url", "lists '" + member + "', which is not a nats:// or tls:// URL");
                Require(url == null || url.UserInfo.Length == 0, "Nats:Url", "must not carry a login (the URL is logged): set Nats:Username and Smile__Nats__Password in the environment file");
            }

            Require(IsToken(o.Nats.Consumer), "Nats:Consumer", "must be letters, digits, '-' or '_' (is '" + o.Nats.Consumer + "')");
            Require(o.Nats.Subjects.Length > 0, "Nats:Subjects", "must name the subjects of the gateways' topics");
            Require(o.Nats.Replicas is >= 1 and <= 5, "Nats:Replicas", "must be 1..5 (is " + o.Nats.Replicas + ")");
            Require(o.Nats.AckWaitSeconds is >= 5 and <= 3600, "Nats:AckWaitSeconds", "must be 5..3600 (is " + o.Nats.AckWaitSeconds + ")");
            Require(o.Nats.MaxAckPending >= o.Batch.MaxMessages, "Nats:MaxAckPending", "must be at least Batch:MaxMessages");
            Login(o.Nats, Require);
            Tls(o.Nats.Tls, Require);
            Require(o.Postgres.ConnectionString.Length > 0, "Postgres:ConnectionString", "must be set (Smile__Postgres__ConnectionString)");
            Require(o.Batch.MaxMessages is >= 1 and <= 10000, "Batch:MaxMessages", "must be 1..10000 (is " + o.Batch.MaxMessages + ")");
            Require(o.Batch.MaxWaitMilliseconds is >= 1001 and <= 30000, "Batch:MaxWaitMilliseconds", "must be 1001..30000 (is " + o.Batch.MaxWaitMilliseconds + ")");
            Require(o.Batch.MaxPayloadBytes is >= 1024 and <= 1048576, "Batch:MaxPayloadBytes", "must be 1024..1048576");
            Health(o.Health, Require);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        /// <summary>A member of Nats:Url as NATS.Net reads it (a bare host:port is nats://), or null.</summary>
        public static Uri? ServerUrl(string member)
        {
            string full = member.Contains("://", StringComparison.Ordinal) ? member : "nats://" + member;
            return Uri.TryCreate(full, UriKind.Absolute, out Uri? url) && url.Scheme is "nats" or "tls" ? url : null;
        }

        public static bool IsLoopback(string host) => host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));

        private static void Login(NatsSettings n, Action<bool, string, string> require)
        {
            require(n.LoginMethods <= 1, "Nats:Username", "or Nats:Token or Nats:CredentialsFile: set one login, not several");
            require(string.IsNullOrEmpty(n.Password) || !string.IsNullOrEmpty(n.Username), "Nats:Username", "must be set with Nats:Password");
            require(string.IsNullOrEmpty(n.Username) || !string.IsNullOrEmpty(n.Password), "Nats:Password",
                "must be set with Nats:Username (Smile__Nats__Password in the environment file)");
            require(string.IsNullOrEmpty(n.CredentialsFile) || File.Exists(n.CredentialsFile), "Nats:CredentialsFile", "names a file that does not exist: " + n.CredentialsFile);
        }

        private static void Tls(NatsTlsSettings t, Action<bool, string, string> require)
        {
            foreach (var (file, key) in new[] { (t.CaFile, "CaFile"), (t.ClientCertificateFile, "ClientCertificateFile"), (t.ClientKeyFile, "ClientKeyFile") })
            {
                require(string.IsNullOrEmpty(file) || File.Exists(file), "Nats:Tls:" + key, "names a file that does not exist: " + file);
                require(string.IsNullOrEmpty(file) || t.Enabled, "Nats:Tls:" + key, "is set but Nats:Tls:Enabled is not true");
            }

            require(string.IsNullOrEmpty(t.ClientCertificateFile) == string.IsNullOrEmpty(t.ClientKeyFile), "Nats:Tls:ClientKeyFile",
                "and Nats:Tls:ClientCertificateFile go together");
        }

        private static void Health(HealthSettings h, Action<bool, string, string> require)
        {
            bool http = Uri.TryCreate(h.Url, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https";
            require(http, "Health:Url", "must be an absolute http URL (is '" + h.Url + "')");
            require(string.IsNullOrEmpty(h.Username) == string.IsNullOrEmpty(h.Password), "Health:Password",
                "and Health:Username go together (Smile__Health__Password in the environment file)");
            require(!http || IsLoopback(url!.Host) || !string.IsNullOrEmpty(h.Password), "Health:Url",
                "is beyond loopback (" + h.Url + "): set Health:Username and Health:Password, or bind to 127.0.0.1");
        }

        private static bool IsToken(string value)
        {
            if (value.Length is 0 or > 64)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
