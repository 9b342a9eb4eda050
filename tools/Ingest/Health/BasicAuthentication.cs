using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Health
{
    /// <summary>
    /// Basic authentication of /metrics when Health:Password is set, as the gateway guards its status page; /healthz
    /// stays open for load balancers and probes and says nothing but the reasons. The validator refuses a listener
    /// beyond loopback without a password.
    /// </summary>
    public sealed class BasicAuthentication
    {
        private readonly RequestDelegate _next;
        private readonly byte[]? _expected;

        public BasicAuthentication(RequestDelegate next, IngestOptions options)
        {
            _next = next;
            HealthSettings health = options.Health;
            _expected = string.IsNullOrEmpty(health.Password) ? null : Encoding.UTF8.GetBytes((health.Username ?? "") + ":" + health.Password);
        }

        public Task InvokeAsync(HttpContext context)
        {
            if (_expected == null || context.Request.Path.StartsWithSegments("/healthz") || Authorized(context.Request.Headers.Authorization.ToString()))
            {
                return _next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"smile-ingest\", charset=\"UTF-8\"";
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
    }
}
