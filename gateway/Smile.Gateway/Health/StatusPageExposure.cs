using System;
using System.Net;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// Who can read the status page, /status and /metrics: bound beyond loopback without a password, or with a password
    /// over plain HTTP, the gateway says so at start (and the page says it too): the page names nodes and their faults.
    /// The password itself is checked by Smile.Hosting's BasicAuthentication.
    /// </summary>
    public static class StatusPageExposure
    {
        public static void WarnAtStart(HealthSettings health, ILogger log)
        {
            if (PlainTextWarning(health) is string warning)
            {
                log.LogWarning("{Warning}", warning);
            }
            else if (string.IsNullOrEmpty(health.Password) && Uri.TryCreate(health.Url, UriKind.Absolute, out Uri? url) && !IsLoopback(url.Host))
            {
                log.LogWarning("the status page listens on {Url} without a password: set Smile:Health:Username and Smile:Health:Password", health.Url);
            }
        }

        /// <summary>
        /// Basic authentication sends the password with every request, readable by anyone on the network unless the
        /// listener speaks TLS; on loopback nobody else sees it. Null when there is nothing to warn about.
        /// </summary>
        public static string? PlainTextWarning(HealthSettings health) =>
            !string.IsNullOrEmpty(health.Password) && Uri.TryCreate(health.Url, UriKind.Absolute, out Uri? url) && url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url.Host)
                ? "the status page asks for its password over plain HTTP on " + health.Url + ": anyone on that network can read it; use an https Url or a loopback address behind an SSH tunnel or TLS proxy"
                : null;

        private static bool IsLoopback(string host) => host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }
}
