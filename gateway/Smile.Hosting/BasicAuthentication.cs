using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Smile.Hosting
{
    /// <summary>
    /// Basic authentication of a service's status endpoints, on when a password is set; the health probes under one
    /// path stay open (systemd, load balancers and monitoring read them, and they name nothing). The password is
    /// compared in constant time.
    /// </summary>
    public sealed class BasicAuthentication
    {
        private readonly RequestDelegate _next;
        private readonly byte[]? _expected;
        private readonly string _openPath;
        private readonly string _challenge;

        /// <param name="next">The rest of the pipeline.</param>
        /// <param name="realm">The service's name in the browser's login prompt.</param>
        /// <param name="username">The user name (may be empty).</param>
        /// <param name="password">Null or empty: no authentication.</param>
        /// <param name="openPath">The path (and everything under it) served without a password: the health probes.</param>
        public BasicAuthentication(RequestDelegate next, string realm, string? username, string? password, string openPath)
        {
            _next = next;
            _expected = string.IsNullOrEmpty(password) ? null : Encoding.UTF8.GetBytes((username ?? "") + ":" + password);
            _openPath = openPath;
            _challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
        }

        public Task InvokeAsync(HttpContext context)
        {
            if (_expected == null || context.Request.Path.StartsWithSegments(_openPath) || Authorized(context.Request.Headers.Authorization.ToString()))
            {
                return _next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = _challenge;
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
