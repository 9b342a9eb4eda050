using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smile.Gateway.Board;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Hosting;

// The Smile Place gateway: sources → decode → filters → buffer → sinks, with hosting and health at the edges.
// `smile-gateway setup` and `smile-gateway check` are the operator's commands; no argument runs the service.
if (args.Length > 0 && args[0] == "setup")
{
    return await Smile.Gateway.Setup.SetupCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "check")
{
    return await Smile.Gateway.Setup.CheckCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The installed package's settings (/etc/smile-gateway/gateway.json, or SMILE_GATEWAY_CONFIG; empty: none), then the
// environment (the unit's env file) over them.
string settingsFile = Environment.GetEnvironmentVariable("SMILE_GATEWAY_CONFIG") ?? "/etc/smile-gateway/gateway.json";
if (settingsFile.Length > 0)
{
    builder.Configuration.AddJsonFile(settingsFile, optional: true, reloadOnChange: false);
}

builder.Configuration.AddEnvironmentVariables();
builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value);
// Under systemd the journal takes each line's priority from its <n> prefix: errors show red in journalctl -p err.
if (SystemdJournal.IsAttached)
{
    builder.Logging.AddSystemdConsole();
}
else
{
    builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
}

builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<GatewayOptions>();
    return new GatewayStore(Path.Combine(options.Gateway.DataDirectory, "buffer.db"), options.Buffer, sp.GetRequiredService<ILogger<GatewayStore>>());
});
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<GatewayOptions>();
    var store = sp.GetRequiredService<GatewayStore>();
    long window = options.Filters.DedupWindowHours * 3_600_000L;
    long since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - window;
    var dedup = new Deduplicator(window);
    store.ReadSeenFrames(since, dedup.Load);
    dedup.Loaded();
    return dedup;
});
builder.Services.AddSingleton<IClockSync, KernelClockSync>();
builder.Services.AddSingleton<GatewayClock>();
builder.Services.AddSingleton<ClockCorrector>();
builder.Services.AddSingleton<MessageRenderer>();
builder.Services.AddSingleton<Smile.Gateway.Sources.UplinkConnections>();
builder.Services.AddSingleton<Brokers>();
builder.Services.AddSingleton<UplinkProcessor>();
builder.Services.AddSingleton(sp => new WifiAcks(sp.GetRequiredService<Brokers>().LocalPublisher, sp.GetRequiredService<GatewayOptions>().Sources.WifiAckTopic));
builder.Services.AddSingleton(sp => new Outbox(sp.GetRequiredService<GatewayStore>()));
builder.Services.AddSingleton<GatewayMetrics>();
builder.Services.AddSingleton<GatewayHealth>();
builder.Services.AddSingleton<ILiveness>(services => services.GetRequiredService<GatewayHealth>());
builder.Services.AddSingleton<NodeDirectory>();
builder.Services.AddSingleton<StatusPage>();
builder.Services.AddSingleton<Smile.Gateway.Sources.SourceQosWatch>();
builder.Services.AddSingleton<PipelineGate>();
builder.Services.AddSingleton<Smile.Gateway.Sources.TtsCursor>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IBoardDevices, PiBoardDevices>();
builder.Services.AddSingleton<SensorStatus>();
builder.Services.AddSingleton<BoardHealth>();
builder.Services.AddSingleton<OwnUplinks>();

// Stopped in reverse order: ingest first (no new uplinks), then forwarding, the outbox's last deletions, status,
// and systemd last.
builder.Services.AddHostedService<SystemdNotifier>();
builder.Services.AddHostedService<StatusLedService>();
builder.Services.AddHostedService<GatewayStatusPublisher>();
builder.Services.AddHostedService<OutboxHousekeeping>();
builder.Services.AddHostedService(services => services.GetRequiredService<ClockCorrector>());
builder.Services.AddHostedService<UpstreamForwarder>();
builder.Services.AddHostedService<Smile.Gateway.Sources.TtsGapFiller>();
builder.Services.AddHostedService<IngestService>();
builder.Services.AddHostedService<OwnSensorService>();

string url = builder.Configuration[GatewayOptions.Section + ":Health:Url"] ?? new HealthSettings().Url;
builder.WebHost.UseUrls(url);

WebApplication app;
try
{
    app = builder.Build();
    _ = app.Services.GetRequiredService<GatewayOptions>();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine(SystemdJournal.Error("smile-gateway: refusing to start, the configuration is invalid:"));
    foreach (string failure in e.Failures)
    {
        Console.Error.WriteLine(SystemdJournal.Error("  " + failure));
    }

    return 2;
}

try
{
    // Opened here, not by the first service that needs it: a buffer that cannot be opened stops the start with a
    // clear message and its own exit code, instead of a stack trace and a restart every few seconds.
    _ = app.Services.GetRequiredService<GatewayStore>();
}
catch (BufferUnusableException e)
{
    Console.Error.WriteLine(SystemdJournal.Error("smile-gateway: refusing to start: " + e.Message));
    return BufferUnusableException.ExitCode;
}

HealthSettings health = app.Services.GetRequiredService<GatewayOptions>().Health;
StatusPageExposure.WarnAtStart(health, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StatusPage)));
app.Use(next => new BasicAuthentication(next, "smile-gateway", health.Username, health.Password, openPath: "/health").InvokeAsync);
app.MapGet("/", (StatusPage page) => Results.Content(page.Render(DateTimeOffset.UtcNow), "text/html; charset=utf-8"));
// JSON trees written as text: compiled ahead of time, the gateway has no reflection-based serializer for Results.Json.
app.MapGet("/health/live", (GatewayHealth health) => health.Alive ? HealthAnswer("alive", 200) : HealthAnswer("stuck", 503));
app.MapGet("/health/ready", (GatewayHealth health) =>
{
    var reasons = health.NotReadyReasons();
    return reasons.Count == 0 ? HealthAnswer("ready", 200) : HealthAnswer("not ready", 503, reasons);
});
app.MapGet("/status", (GatewayHealth health) => Results.Text(health.Status().ToJsonString(), "application/json"));
app.MapGet("/metrics", (GatewayHealth health) => Results.Text(health.Prometheus(), "text/plain; version=0.0.4"));

try
{
    await app.RunAsync();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine(SystemdJournal.Error("smile-gateway: refusing to start, the configuration is invalid:"));
    foreach (string failure in e.Failures)
    {
        Console.Error.WriteLine(SystemdJournal.Error("  " + failure));
    }

    return 2;
}

return 0;

static IResult HealthAnswer(string status, int statusCode, IReadOnlyList<string>? reasons = null)
{
    var answer = new JsonObject { ["status"] = status };
    if (reasons != null)
    {
        answer["reasons"] = new JsonArray(reasons.Select(reason => (JsonNode?)reason).ToArray());
    }

    return Results.Text(answer.ToJsonString(), "application/json", statusCode: statusCode);
}
