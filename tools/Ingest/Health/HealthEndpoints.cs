using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using Prometheus;
using Smile.Hosting;
using Smile.Ingest.Configuration;

namespace Smile.Ingest.Health
{
    /// <summary>/healthz (200 "ok", or 503 with one reason a line) and /metrics (Prometheus text format).</summary>
    public static class HealthEndpoints
    {
        public static void Map(WebApplication app)
        {
            // Basic authentication of /metrics when Health:Password is set, as the gateway guards its status page; /healthz
            // stays open for probes and says nothing but the reasons. The validator refuses a listener beyond loopback
            // without a password.
            HealthSettings health = app.Services.GetRequiredService<IngestOptions>().Health;
            app.Use(next => new BasicAuthentication(next, "smile-ingest", health.Username, health.Password, openPath: "/healthz").InvokeAsync);
            app.MapGet("/healthz", (IngestHealth health, NatsConnection nats) =>
            {
                var problems = health.Problems(nats.ConnectionState);
                return problems.Count == 0
                    ? Results.Text("ok\n", "text/plain; charset=utf-8")
                    : Results.Text(string.Join("\n", problems) + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            });
            app.MapGet("/metrics", async (HttpContext context, IngestMetrics metrics) =>
            {
                context.Response.ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;
                await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            });
        }
    }
}
