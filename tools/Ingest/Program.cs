using System;
using System.Threading.Tasks;
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
using Smile.Systemd;

// The city side's ingest: the gateways' normalized stream from the engine (a JetStream durable consumer shared by every
// instance) into PostgreSQL. `smile-ingest opendata …` writes the Open Data export from the same database.
if (args.Length > 0 && args[0] == "opendata")
{
    return await OpenDataCommand.RunAsync(args[1..]);
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
// The installed settings (/etc/smile-ingest/ingest.json, or SMILE_INGEST_CONFIG; empty: none), then the environment
// (the unit's env file, with the database password) over them.
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

builder.Services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IngestOptions>().Postgres.ConnectionString));
builder.Services.AddSingleton(sp => new NatsConnection(new NatsOpts
{
    Url = sp.GetRequiredService<IngestOptions>().Nats.Url,
    Name = "smile-ingest",
    ConnectTimeout = TimeSpan.FromSeconds(5),
    RequestTimeout = TimeSpan.FromSeconds(10),
    // Keep trying the cluster's members for as long as we run: the engine coming back is the normal case.
    MaxReconnectRetry = -1,
    LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
}));
builder.Services.AddSingleton<IngestHealth>();
builder.Services.AddSingleton<ILiveness>(services => services.GetRequiredService<IngestHealth>());

// Stopped in reverse order: the consume loop first (nothing new fetched, nothing half-committed acknowledged), systemd last.
builder.Services.AddHostedService<SystemdNotifier>();
builder.Services.AddHostedService<IngestWorker>();

IHost host;
try
{
    host = builder.Build();
    _ = host.Services.GetRequiredService<IngestOptions>();
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

await host.RunAsync();
return 0;
