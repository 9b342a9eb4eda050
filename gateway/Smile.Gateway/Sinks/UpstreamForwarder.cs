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
    /// Renders the rows the <see cref="Outbox"/> hands out and publishes them to the city platform at QoS 1; a row goes
    /// back to the outbox as acknowledged after the PUBACKs of all its messages. Rows that were already waiting when the upstream connection (re)started are the backlog: paced at
    /// Upstream:ReplayMaxPerSecond, while new rows go out at once (Upstream:LiveFirst) or after it. A row it cannot
    /// render or publish, or that the platform broker refuses by closing the connection (the MQTT client gives such a
    /// publish up after <see cref="Brokers.UpstreamDeliveryAttempts"/> tries, with MqttPublishRefusedException), is
    /// replaced by a dead letter, so one row cannot hold up the others or stop the service on every start.
    /// </summary>
    public sealed class UpstreamForwarder : BackgroundService
    {
        private const int ReadBatch = 256;
        private readonly UpstreamSettings _settings;
        private readonly Outbox _outbox;
        private readonly MqttClient _upstream;
        private readonly MessageRenderer _renderer;
        private readonly GatewayMetrics _metrics;
        private readonly ILogger<UpstreamForwarder> _log;
        private readonly ConcurrentDictionary<long, StoredMessage> _refused = new ConcurrentDictionary<long, StoredMessage>();
        private readonly Action<Task, object?> _onAck;

        // True from the moment a connection's backlog is marked until it drops; rows go out only meanwhile.
        private volatile bool _delivering;

        public UpstreamForwarder(GatewayOptions options, Outbox outbox, Brokers brokers, MessageRenderer renderer, GatewayMetrics metrics,
            ILogger<UpstreamForwarder> log)
        {
            _settings = options.Upstream;
            _outbox = outbox;
            _upstream = brokers.Upstream;
            _renderer = renderer;
            _metrics = metrics;
            _log = log;
            _onAck = OnAck;
            _upstream.ConnectionChanged += connected =>
            {
                // The backlog is what waited when the connection came up, marked here on the client's thread: the loop
                // may still be busy with rows taken before (publishes waiting for the in-flight window, a paced backlog row),
                // and rows committed meanwhile are live.
                if (connected)
                {
                    _outbox.BeginDelivery();
                }

                _delivering = connected;
                _outbox.Notify();
            };
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            _upstream.Start();
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
        }

        private async Task ForwardAsync(Pacer pacer, CancellationToken stop)
        {
            ParkRefused();
            if (!_delivering)
            {
                // Connected but not yet marked: the handler is about to, and wakes this loop.
                await (_upstream.IsConnected ? _outbox.WaitForRowsAsync(TimeSpan.FromSeconds(1), stop) : _upstream.WaitConnectedAsync(TimeSpan.FromSeconds(1)));
                return;
            }

            bool worked = false;
            if (_settings.LiveFirst || _outbox.BacklogDone)
            {
                worked |= await ForwardLiveAsync(stop);
            }

            if (!_outbox.BacklogDone)
            {
                worked |= await ForwardBacklogAsync(pacer, stop);
            }

            if (!worked)
            {
                await _outbox.WaitForRowsAsync(TimeSpan.FromMilliseconds(250), stop);
            }
        }

        private async Task<bool> ForwardLiveAsync(CancellationToken stop)
        {
            List<StoredMessage> rows = _outbox.TakeLive(ReadBatch);
            foreach (StoredMessage row in rows)
            {
                await DispatchAsync(row, stop, null);
            }

            return rows.Count > 0;
        }

        private async Task<bool> ForwardBacklogAsync(Pacer pacer, CancellationToken stop)
        {
            foreach (StoredMessage row in _outbox.TakeBacklog(ReadBatch))
            {
                await DispatchAsync(row, stop, pacer);
                _metrics.ForwarderBeat();
                if (_settings.LiveFirst && _outbox.LiveWaiting)
                {
                    // New rows go before the rest of the batch: they wait behind one paced row at most.
                    await ForwardLiveAsync(stop);
                }
            }

            return !_outbox.BacklogDone;
        }

        /// <summary>Hands the row's messages to the client in order; the outbox hears of the row when all are acknowledged.</summary>
        private async Task DispatchAsync(StoredMessage row, CancellationToken stop, Pacer? pacer)
        {
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

            var acks = new List<Task>(messages.Count);
            try
            {
                foreach (var (topic, payload) in messages)
                {
                    acks.Add(await _upstream.EnqueuePublishAsync(topic, payload, QoS.AtLeastOnce, false, stop));
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping: the row stays in the buffer and goes out after the restart.
                _outbox.Release(row.Id);
                throw;
            }
            catch (Exception e)
            {
                // For example a message over the client's packet limit: it would fail the same way after every start.
                _upstream.Withdraw(acks);
                Park(row, DeadLetters.Unforwardable, "publishing failed: " + DeadLetters.Describe(e));
                return;
            }

            var delivery = new RowDelivery(row, acks);
            foreach (Task ack in acks)
            {
                // One continuation per PUBACK with a cached delegate: no Task.WhenAll, no closure per row.
                _ = ack.ContinueWith(_onAck, delivery, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        /// <summary>The last PUBACK (or failure) of a row decides what the outbox hears.</summary>
        private void OnAck(Task ack, object? state)
        {
            var delivery = (RowDelivery)state!;
            if (!delivery.LastOne())
            {
                return;
            }

            List<Task> acks = delivery.Acks;
            if (acks.TrueForAll(a => a.IsCompletedSuccessfully))
            {
                _outbox.Acknowledge(delivery.Row.Id);
                _metrics.Forwarded(acks.Count);
            }
            else if (acks.Exists(a => a.Exception?.InnerException is MqttPublishRefusedException))
            {
                // The platform closed the connection on this row again and again: its other messages go too, and
                // the loop parks it.
                _upstream.Withdraw(acks);
                _refused[delivery.Row.Id] = delivery.Row;
                _outbox.Notify();
            }
            else
            {
                _outbox.Release(delivery.Row.Id);
            }
        }

        /// <summary>A row's messages on their way: the row goes back to the outbox once every one of them completed.</summary>
        private sealed class RowDelivery(StoredMessage row, List<Task> acks)
        {
            private int _waiting = acks.Count;

            public StoredMessage Row { get; } = row;

            public List<Task> Acks { get; } = acks;

            public bool LastOne() => Interlocked.Decrement(ref _waiting) == 0;
        }

        /// <summary>Parks the rows whose publish the MQTT client gave up as refused.</summary>
        private void ParkRefused()
        {
            foreach (StoredMessage row in _refused.Values)
            {
                Park(row, DeadLetters.RefusedByPlatform, "the platform broker closed the connection " + Brokers.UpstreamDeliveryAttempts
                    + " times in a row right after this row was sent, without acknowledging it (AWS IoT Core does so for a publish its policy denies)");
            }
        }

        /// <summary>Replaces the row by a dead letter (a dead letter that cannot go is dropped and counted).</summary>
        private void Park(StoredMessage row, string reason, string detail)
        {
            try
            {
                StoredMessage? deadLetter = row.Kind == MessageKind.DeadLetter ? null : DeadLetters.From(row, reason, detail);
                long? parked = _outbox.Park(row.Id, deadLetter);
                _log.LogWarning("outbox row {Id} of node '{Node}' {Outcome} ({Reason}): {Detail}", row.Id, row.Node,
                    parked == null ? "was delivered meanwhile" : deadLetter == null ? "was dropped, a dead letter that cannot go" : "became dead letter " + parked,
                    reason, detail);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or System.IO.IOException)
            {
                // The row stays in the buffer and goes out again after the next reconnect.
                _log.LogError("parking outbox row {Id} failed: {Error}", row.Id, e.Message);
                _outbox.Release(row.Id);
            }

            _refused.TryRemove(row.Id, out _);
        }
    }
}
