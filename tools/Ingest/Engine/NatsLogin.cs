using System;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Engine
{
    /// <summary>The connection options of the cluster: its members, the login, TLS, and reconnecting for as long as we run.</summary>
    public static class NatsLogin
    {
        public static NatsOpts Options(NatsSettings settings, ILoggerFactory logs) => new NatsOpts
        {
            Url = settings.Url,
            Name = "smile-ingest",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),
            // Keep trying the cluster's members for as long as we run: the engine coming back is the normal case.
            MaxReconnectRetry = -1,
            // By default a login refused twice ends the reconnecting for good, and the ingest would idle until
            // restarted by hand; the password may be fixed on the server side instead, and the worker logs each refusal.
            IgnoreAuthErrorAbort = true,
            AuthOpts = new NatsAuthOpts
            {
                Username = Empty(settings.Username),
                Password = Empty(settings.Password),
                Token = Empty(settings.Token),
                CredsFile = Empty(settings.CredentialsFile),
            },
            TlsOpts = settings.Tls.Enabled
                ? new NatsTlsOpts
                {
                    Mode = TlsMode.Require,
                    CaFile = Empty(settings.Tls.CaFile),
                    CertFile = Empty(settings.Tls.ClientCertificateFile),
                    KeyFile = Empty(settings.Tls.ClientKeyFile),
                }
                : NatsTlsOpts.Default,
            LoggerFactory = logs,
        };

        /// <summary>
        /// A password or token sent without TLS to another machine is readable on the way: said once at start. Null
        /// when there is nothing to warn about.
        /// </summary>
        public static string? PlainTextWarning(NatsSettings settings)
        {
            if (settings.Tls.Enabled || (string.IsNullOrEmpty(settings.Password) && string.IsNullOrEmpty(settings.Token)))
            {
                return null;
            }

            foreach (string member in settings.Url.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                Uri? url = IngestOptionsValidator.ServerUrl(member);
                if (url != null && url.Scheme != "tls" && !IngestOptionsValidator.IsLoopback(url.Host))
                {
                    return "the NATS password goes to " + url.Host + " without TLS unless the server demands it: set Smile:Nats:Tls:Enabled";
                }
            }

            return null;
        }

        /// <summary>Why a connection failed, in the operator's words: a refused login names the settings that make it.</summary>
        public static string Explain(Exception e)
        {
            string text = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? e.Message + ": " + inner.Message : e.Message;
            return text.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase) || text.Contains("authentication", StringComparison.OrdinalIgnoreCase)
                ? "the server refused the login (Smile:Nats:Username with Smile__Nats__Password, Token or CredentialsFile): " + text
                : text;
        }

        private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
