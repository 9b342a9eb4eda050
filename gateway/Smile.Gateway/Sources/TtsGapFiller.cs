using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Smile.Mqtt;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The Things Stack's MQTT server offers QoS 0 only: what it publishes while the gateway's subscription is down is
    /// gone. After every (re)connect of that subscription (the gateway's own connection to TTS's MQTT server when
    /// Sources:TheThingsStack:Mqtt:Host is set, else the local broker's, which a Pub/Sub integration feeds) this
    /// asks TTS's Storage Integration for the application's uplinks since the newest one the gateway held when the
    /// connection dropped (at most Storage:MaxLookbackHours back), and runs them through the pipeline like a batch from
    /// the broker: the de-duplication drops those that came over MQTT too, unusable lines are quarantined with the
    /// reason. Failures are retried with jittered back-off until a fill succeeds.
    /// </summary>
    public sealed class TtsGapFiller : BackgroundService
    {
        public const string Filled = "tts_gap_filled";

        private readonly TtsStorageSettings _settings;
        private readonly bool _enabled;
        private readonly MqttClient _connection;
        private readonly UplinkProcessor _processor;
        private readonly Outbox _outbox;
        private readonly PipelineGate _gate;
        private readonly TtsCursor _cursor;
        private readonly ILogger<TtsGapFiller> _log;
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
        private readonly object _state = new object();
        private readonly Func<string, string?> _environment;

        // Where the pending fill starts (the cursor when the connection dropped), and whether one is pending.
        private DateTimeOffset? _since;
        private bool _pending;
        private long _drops;

        public TtsGapFiller(GatewayOptions options, UplinkConnections connections, UplinkProcessor processor, Outbox outbox, PipelineGate gate, TtsCursor cursor, ILogger<TtsGapFiller> log)
            : this(options, connections.Tts ?? connections.Local, processor, outbox, gate, cursor, log, Environment.GetEnvironmentVariable)
        {
        }

        public TtsGapFiller(GatewayOptions options, MqttClient connection, UplinkProcessor processor, Outbox outbox, PipelineGate gate, TtsCursor cursor, ILogger<TtsGapFiller> log, Func<string, string?> environment)
        {
            _settings = options.Sources.TheThingsStack.Storage;
            _enabled = options.Sources.TheThingsStack.Enabled && _settings.Enabled;
            _connection = connection;
            _processor = processor;
            _outbox = outbox;
            _gate = gate;
            _cursor = cursor;
            _log = log;
            _environment = environment;

            // Taken before the ingest loop starts: the start is a reconnect after whatever the gateway missed while down.
            _since = cursor.Get(_settings.ApplicationId);
            _pending = true;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            if (!_enabled)
            {
                return;
            }

            string? apiKey = _environment(_settings.ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                _log.LogError("TTS gap filling is configured (Sources:TheThingsStack:Storage:BaseUrl) but the environment variable {Variable} holding the API key is empty: uplinks TTS publishes while the gateway is disconnected are lost",
                    _settings.ApiKeyVariable);
                return;
            }

            _connection.ConnectionChanged += OnConnectionChanged;
            try
            {
                using var client = new TtsStorageClient(_settings, apiKey.Trim());
                await RunAsync(client, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping: a fill in hand either committed a page or did not; the cursor says which.
            }
            finally
            {
                _connection.ConnectionChanged -= OnConnectionChanged;
                _cursor.Flush(force: true);
            }
        }

        private void OnConnectionChanged(bool connected)
        {
            if (!connected)
            {
                lock (_state)
                {
                    _drops++;
                    if (!_pending)
                    {
                        _pending = true;
                        _since = _cursor.Get(_settings.ApplicationId);
                    }
                }
            }

            _wake.Release();
        }

        private async Task RunAsync(TtsStorageClient client, CancellationToken stop)
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(_settings.MaxRetryDelaySeconds));
            while (!stop.IsCancellationRequested)
            {
                DateTimeOffset? since;
                long drops;
                lock (_state)
                {
                    since = _since;
                    drops = _drops;
                    if (!_pending)
                    {
                        since = null;
                    }
                }

                // Only once subscribed again: what TTS publishes from then on comes over MQTT.
                if (!_pending || !_connection.IsConnected)
                {
                    await _wake.WaitAsync(stop);
                    continue;
                }

                try
                {
                    await FillAsync(client, since, stop);
                    backoff.Reset();
                    lock (_state)
                    {
                        // A drop during the fill: fill again, from the same place.
                        _pending = _drops != drops;
                    }
                }
                catch (TtsStorageException e)
                {
                    TimeSpan delay = backoff.Next();
                    _log.LogWarning("TTS gap fill failed, retrying in {Delay:F1} s: {Error}", delay.TotalSeconds, e.Message);
                    await Task.Delay(delay, stop);
                }
            }
        }

        /// <summary>Fetches page after page from where the gateway's TTS uplinks end, committing each page.</summary>
        private async Task FillAsync(TtsStorageClient client, DateTimeOffset? since, CancellationToken stop)
        {
            DateTimeOffset floor = DateTimeOffset.UtcNow.AddHours(-_settings.MaxLookbackHours);
            DateTimeOffset after = since is DateTimeOffset s && s > floor ? s : floor;
            int total = 0;

            // An unusable line has no time, so the next page (after the last usable one) may serve it again: quarantined once per fill.
            var rejected = new HashSet<string>(StringComparer.Ordinal);
            for (int page = 0; page < _settings.MaxPages; page++)
            {
                List<TtsStoredLine> lines = await client.FetchAsync(after, _settings.PageLimit, stop);
                DateTimeOffset? newest = await CommitAsync(lines.FindAll(l => l.Ok || rejected.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(l.Raw)))), stop);
                total += lines.Count;
                if (newest is DateTimeOffset n)
                {
                    _cursor.Advance(_settings.ApplicationId, n);
                }

                if (lines.Count < _settings.PageLimit)
                {
                    _cursor.Flush(force: true);
                    _log.LogInformation("TTS gap fill after {After:O}: {Count} stored uplinks", after, total);
                    return;
                }

                if (newest == null || newest <= after)
                {
                    _log.LogWarning("TTS gap fill: a full page of {Limit} did not move past {After:O}; stopping this fill", _settings.PageLimit, after);
                    break;
                }

                after = newest.Value;
            }

            _cursor.Flush(force: true);
            _log.LogWarning("TTS gap fill stopped after {Pages} pages ({Count} lines) at {After:O}: raise Sources:TheThingsStack:Storage:MaxPages or PageLimit",
                _settings.MaxPages, total, after);
        }

        /// <summary>One page as one batch, committed like a batch from the broker; the newest received_at in it.</summary>
        private async Task<DateTimeOffset?> CommitAsync(List<TtsStoredLine> lines, CancellationToken stop)
        {
            DateTimeOffset? newest = null;
            foreach (TtsStoredLine line in lines)
            {
                if (line.Ok && (newest == null || line.ReceivedAt > newest))
                {
                    newest = line.ReceivedAt;
                }
            }

            if (lines.Count == 0)
            {
                return newest;
            }

            var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
            await _gate.Lock.WaitAsync(stop);
            try
            {
                while (true)
                {
                    long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    var batch = new CommitBatch();
                    foreach (TtsStoredLine line in lines)
                    {
                        Add(batch, line, nowMs);
                    }

                    try
                    {
                        _outbox.Commit(batch);
                        _processor.Commit();
                        break;
                    }
                    catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or System.IO.IOException)
                    {
                        _processor.Rollback();
                        _log.LogError("commit of {Count} TTS stored uplinks failed, retrying: {Error}", lines.Count, e.Message);
                        await Task.Delay(backoff.Next(), stop);
                    }
                }
            }
            finally
            {
                _gate.Lock.Release();
            }

            return newest;
        }

        private void Add(CommitBatch batch, TtsStoredLine line, long nowMs)
        {
            string application = _settings.ApplicationId;
            if (!line.Ok)
            {
                _processor.Reject(batch, new SourceRejection(UplinkSource.TheThingsStack, "tts-storage/" + application, null, line.Raw, nowMs,
                    line.Reason!, line.Message ?? ""));
                return;
            }

            batch.Count(Filled, "");
            long receivedMs = line.ReceivedAt!.Value.ToUnixTimeMilliseconds();
            try
            {
                _processor.Add(batch, line.Topic!, line.Raw, receivedMs, 0);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _processor.Reject(batch, new SourceRejection(UplinkSource.TheThingsStack, line.Topic!, null, line.Raw, nowMs, "internal_error",
                    "stored uplink on line " + line.Line + ": " + e.GetType().Name + ": " + e.Message));
            }
        }
    }
}
