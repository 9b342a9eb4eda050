using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NATS.Client.Core;
using Prometheus;

namespace Smile.Ingest.Health
{
    /// <summary>/healthz (200 "ok", or 503 with one reason a line) and /metrics (Prometheus text format).</summary>
    public static class HealthEndpoints
    {
        public static void Map(WebApplication app)
        {
            app.UseMiddleware<BasicAuthentication>();
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
