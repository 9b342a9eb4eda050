using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// Optional basic authentication for the status page, /status and /metrics, on when Health:Password is set. The
    /// health probes stay open (systemd and monitoring read them). Bound beyond loopback without a password, or with a
    /// password over plain HTTP, the gateway says so at start: the page names nodes and their faults.
    /// </summary>
    public sealed class BasicAuthentication
    {
        private readonly RequestDelegate _next;
        private readonly byte[]? _expected;

        public BasicAuthentication(RequestDelegate next, GatewayOptions options, ILogger<BasicAuthentication> log)
        {
            _next = next;
            HealthSettings health = options.Health;
            if (!string.IsNullOrEmpty(health.Password))
            {
                _expected = Encoding.UTF8.GetBytes((health.Username ?? "") + ":" + health.Password);
                if (PlainTextWarning(health) is string warning)
                {
                    log.LogWarning("{Warning}", warning);
                }
            }
            else if (Uri.TryCreate(health.Url, UriKind.Absolute, out Uri? url) && !IsLoopback(url.Host))
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

        public Task InvokeAsync(HttpContext context)
        {
            if (_expected == null || context.Request.Path.StartsWithSegments("/health") || Authorized(context.Request.Headers.Authorization.ToString()))
            {
                return _next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"smile-gateway\", charset=\"UTF-8\"";
            return Task.CompletedTask;
        }

        private bool Authorized(string header)
        {
            if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            {
                return false;
            }

            try
            {
                return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header.Substring(6)), _expected);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool IsLoopback(string host) => host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }
}
