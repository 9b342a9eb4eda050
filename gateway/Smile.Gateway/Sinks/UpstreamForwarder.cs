using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// Publishes outbox rows to the city platform at QoS 1 and deletes each row after the PUBACKs of all its
    /// messages. Rows that were already waiting when the upstream connection (re)started are the backlog: paced at
    /// Upstream:ReplayMaxPerSecond, while new rows go out at once (Upstream:LiveFirst) or after it.
    /// </summary>
    public sealed class UpstreamForwarder : BackgroundService
    {
        private const int ReadBatch = 256;
        private readonly UpstreamSettings _settings;
        private readonly GatewayStore _store;
        private readonly MqttClient _upstream;
        private readonly MessageRenderer _renderer;
        private readonly InFlight _inFlight;
        private readonly ForwardSignal _signal;
        private readonly GatewayMetrics _metrics;
        private readonly ILogger<UpstreamForwarder> _log;
        private readonly ConcurrentQueue<long> _acknowledged = new ConcurrentQueue<long>();
        private int _reconnected = 1;
        private long _liveFrom;
        private long _liveCursor;
        private long _backlogCursor;
        private bool _backlogDone;

        public UpstreamForwarder(GatewayOptions options, GatewayStore store, Brokers brokers, MessageRenderer renderer, InFlight inFlight,
            ForwardSignal signal, GatewayMetrics metrics, ILogger<UpstreamForwarder> log)
        {
            _settings = options.Upstream;
            _store = store;
            _upstream = brokers.Upstream;
            _renderer = renderer;
            _inFlight = inFlight;
            _signal = signal;
            _metrics = metrics;
            _log = log;
            _upstream.ConnectionChanged += connected =>
            {
                if (connected)
                {
                    Interlocked.Exchange(ref _reconnected, 1);
                    _signal.Notify();
                }
            };
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            _upstream.Start();
            Task deleting = DeleteAcknowledgedAsync(stop);
            var pacer = new Pacer(_settings.ReplayMaxPerSecond);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    _metrics.ForwarderBeat();
                    if (!_upstream.IsConnected)
                    {
                        await _upstream.WaitConnectedAsync(TimeSpan.FromSeconds(1));
                        continue;
                    }

                    if (Interlocked.Exchange(ref _reconnected, 0) == 1)
                    {
                        _liveFrom = Math.Max(_liveFrom, _store.MaxId());
                        _liveCursor = Math.Max(_liveCursor, _liveFrom);
                        _backlogCursor = 0;
                        _backlogDone = false;
                    }

                    bool worked = false;
                    if (_settings.LiveFirst || _backlogDone)
                    {
                        worked |= await ForwardLiveAsync(stop);
                    }

                    if (!_backlogDone)
                    {
                        worked |= await ForwardBacklogAsync(pacer, stop);
                    }

                    if (!worked)
                    {
                        await _signal.WaitAsync(TimeSpan.FromMilliseconds(250), stop);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping: rows not yet acknowledged stay in the buffer and go out after the restart.
            }

            await deleting;
        }

        private async Task<bool> ForwardLiveAsync(CancellationToken stop)
        {
            List<StoredMessage> rows = _store.ReadRange(_liveCursor, long.MaxValue, ReadBatch);
            foreach (StoredMessage row in rows)
            {
                await DispatchAsync(row, stop, null);
                _liveCursor = row.Id;
            }

            return rows.Count > 0;
        }

        private async Task<bool> ForwardBacklogAsync(Pacer pacer, CancellationToken stop)
        {
            List<StoredMessage> rows = _store.ReadRange(_backlogCursor, _liveFrom, ReadBatch);
            if (rows.Count == 0)
            {
                _backlogDone = true;
                return false;
            }

            foreach (StoredMessage row in rows)
            {
                _backlogCursor = row.Id;
                if (_inFlight.Contains(row.Id))
                {
                    continue;
                }

                await DispatchAsync(row, stop, pacer);
                _metrics.ForwarderBeat();
            }

            return true;
        }

        /// <summary>Hands the row's messages to the client in order; deletion follows when all are acknowledged.</summary>
        private async Task DispatchAsync(StoredMessage row, CancellationToken stop, Pacer? pacer)
        {
            if (!_inFlight.TryAdd(row.Id))
            {
                return;
            }

            var acks = new List<Task>();
            List<(string Topic, byte[] Payload)> messages = _renderer.Render(row);
            if (pacer != null)
            {
                await pacer.TakeAsync(messages.Count, stop);
            }

            foreach (var (topic, payload) in messages)
            {
                acks.Add(await _upstream.EnqueuePublishAsync(topic, payload, QoS.AtLeastOnce, false, stop));
            }

            _ = Task.WhenAll(acks).ContinueWith(done =>
            {
                if (done.IsCompletedSuccessfully)
                {
                    _acknowledged.Enqueue(row.Id);
                    _metrics.Forwarded(messages.Count);
                }
                else
                {
                    _inFlight.Remove(row.Id);
                }
            }, TaskScheduler.Default);
        }

        /// <summary>Deletes acknowledged rows in small transactions, so the SD card sees few, larger writes.</summary>
        private async Task DeleteAcknowledgedAsync(CancellationToken stop)
        {
            var ids = new List<long>();
            while (true)
            {
                try
                {
                    await Task.Delay(100, stop);
                }
                catch (OperationCanceledException)
                {
                    // One last round below, then out.
                }

                ids.Clear();
                while (ids.Count < 4096 && _acknowledged.TryDequeue(out long id))
                {
                    ids.Add(id);
                }

                try
                {
                    _store.Delete(ids);
                    foreach (long id in ids)
                    {
                        _inFlight.Remove(id);
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    // The rows stay and are sent again after a restart: a duplicate with the same message id, not a loss.
                    _log.LogError("deleting {Count} forwarded rows failed: {Error}", ids.Count, e.Message);
                    foreach (long id in ids)
                    {
                        _acknowledged.Enqueue(id);
                    }
                }

                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
