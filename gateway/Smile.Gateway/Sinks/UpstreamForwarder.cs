using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
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
    /// Upstream:ReplayMaxPerSecond, while new rows go out at once (Upstream:LiveFirst) or after it. A row it cannot
    /// render or publish, or that the platform broker refuses by closing the connection (the MQTT client gives such a
    /// publish up after <see cref="Brokers.UpstreamDeliveryAttempts"/> tries, with MqttPublishRefusedException), is
    /// replaced by a dead letter, so one row cannot hold up the others or stop the service on every start.
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
        private readonly ConcurrentDictionary<long, byte> _toPark = new ConcurrentDictionary<long, byte>();
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
                    try
                    {
                        await ForwardAsync(pacer, stop);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The rows stay in the buffer; a stopped forwarder would stop the service.
                        _log.LogError("forwarding failed, retrying in a second: {Type}: {Error}", e.GetType().Name, e.Message);
                        await Task.Delay(TimeSpan.FromSeconds(1), stop);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping: rows not yet acknowledged stay in the buffer and go out after the restart.
            }

            await deleting;
        }

        private async Task ForwardAsync(Pacer pacer, CancellationToken stop)
        {
            ParkRefused();
            if (!_upstream.IsConnected)
            {
                await _upstream.WaitConnectedAsync(TimeSpan.FromSeconds(1));
                return;
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

            List<(string Topic, byte[] Payload)> messages;
            try
            {
                messages = _renderer.Render(row);
            }
            catch (Exception e)
            {
                Park(row, DeadLetters.Unforwardable, "rendering failed: " + DeadLetters.Describe(e));
                return;
            }

            if (pacer != null)
            {
                await pacer.TakeAsync(messages.Count, stop);
            }

            var acks = new List<Task>();
            try
            {
                foreach (var (topic, payload) in messages)
                {
                    acks.Add(await _upstream.EnqueuePublishAsync(topic, payload, QoS.AtLeastOnce, false, stop));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // For example a message over the client's packet limit: it would fail the same way after every start.
                _upstream.Withdraw(acks);
                Park(row, DeadLetters.Unforwardable, "publishing failed: " + DeadLetters.Describe(e));
                return;
            }

            _ = Task.WhenAll(acks).ContinueWith(done =>
            {
                if (done.IsCompletedSuccessfully)
                {
                    _acknowledged.Enqueue(row.Id);
                    _metrics.Forwarded(messages.Count);
                }
                else if (acks.Any(a => a.Exception?.InnerException is MqttPublishRefusedException))
                {
                    // The platform closed the connection on this row again and again: its other messages go too, and
                    // the loop parks it.
                    _upstream.Withdraw(acks);
                    _toPark[row.Id] = 0;
                    _signal.Notify();
                }
                else
                {
                    _inFlight.Remove(row.Id);
                }
            }, TaskScheduler.Default);
        }

        /// <summary>Parks the rows whose publish the MQTT client gave up as refused.</summary>
        private void ParkRefused()
        {
            foreach (long id in _toPark.Keys)
            {
                List<StoredMessage> rows = _store.ReadRange(id - 1, id, 1);
                if (rows.Count == 0)
                {
                    // Acknowledged and deleted meanwhile.
                    _toPark.TryRemove(id, out _);
                    _inFlight.Remove(id);
                    continue;
                }

                Park(rows[0], DeadLetters.RefusedByPlatform, "the platform broker closed the connection " + Brokers.UpstreamDeliveryAttempts
                    + " times in a row right after this row was sent, without acknowledging it (AWS IoT Core does so for a publish its policy denies)");
            }
        }

        /// <summary>Replaces the row by a dead letter (a dead letter that cannot go is dropped and counted) and frees it.</summary>
        private void Park(StoredMessage row, string reason, string detail)
        {
            try
            {
                StoredMessage? deadLetter = row.Kind == MessageKind.DeadLetter ? null : DeadLetters.From(row, reason, detail);
                long? parked = _store.Park(row.Id, deadLetter);
                _log.LogWarning("outbox row {Id} of node '{Node}' {Outcome} ({Reason}): {Detail}", row.Id, row.Node,
                    parked == null ? "was delivered meanwhile" : deadLetter == null ? "was dropped, a dead letter that cannot go" : "became dead letter " + parked,
                    reason, detail);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or System.IO.IOException)
            {
                // The row stays and is tried again after the next reconnect.
                _log.LogError("parking outbox row {Id} failed: {Error}", row.Id, e.Message);
            }

            _inFlight.Remove(row.Id);
            _toPark.TryRemove(row.Id, out _);
            _signal.Notify();
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
