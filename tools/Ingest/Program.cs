using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Npgsql;
using Smile.Ingest.Configuration;
using Smile.Ingest.Engine;
using Smile.Ingest.Health;
using Smile.Ingest.OpenData;
using Smile.Hosting;

// The city side's ingest: the gateways' normalized stream from the engine (a JetStream durable consumer shared by every
// instance) into PostgreSQL. `smile-ingest opendata …` writes the Open Data export from the same database.
if (args.Length > 0 && args[0] == "opendata")
{
    return await OpenDataCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The installed settings (/etc/smile-ingest/ingest.json, or SMILE_INGEST_CONFIG; empty: none), then the environment
// (the unit's env file, with the database's, the cluster's and the health listener's passwords) over them.
string settingsFile = Environment.GetEnvironmentVariable("SMILE_INGEST_CONFIG") ?? "/etc/smile-ingest/ingest.json";
if (settingsFile.Length > 0)
{
    builder.Configuration.AddJsonFile(settingsFile, optional: true, reloadOnChange: false);
}

builder.Configuration.AddEnvironmentVariables();
builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestOptions>>().Value);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
// NATS.Net logs every failed connect as an error with its stack trace, once per member and attempt; the worker says
// once per outage what is wrong and when it tries again.
builder.Logging.AddFilter("NATS.Client.Core.NatsConnection", LogLevel.Critical);

builder.Services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IngestOptions>().Postgres.ConnectionString));
builder.Services.AddSingleton(sp => new NatsConnection(NatsLogin.Options(sp.GetRequiredService<IngestOptions>().Nats, sp.GetRequiredService<ILoggerFactory>())));
builder.Services.AddSingleton<IngestHealth>();
builder.Services.AddSingleton<IngestMetrics>();
builder.Services.AddSingleton<ILiveness>(services => services.GetRequiredService<IngestHealth>());

// Stopped in reverse order: the consume loop first (nothing new fetched, nothing half-committed acknowledged), systemd last.
builder.Services.AddHostedService<SystemdNotifier>();
builder.Services.AddHostedService<IngestWorker>();

builder.WebHost.UseUrls(builder.Configuration[IngestOptions.Section + ":Health:Url"] ?? new HealthSettings().Url);

WebApplication app;
try
{
    app = builder.Build();
    _ = app.Services.GetRequiredService<IngestOptions>();
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("smile-ingest: refusing to start, the configuration is invalid:");
    foreach (string failure in e.Failures)
    {
        Console.Error.WriteLine("  " + failure);
    }

    return 2;
}

HealthEndpoints.Map(app);
await app.RunAsync();
return 0;
