using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;
using Smile.Gateway.Sinks;
using Smile.Mqtt;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// Takes uplinks from the local broker (and The Things Stack's MQTT server, when configured) in batches, runs them through the pipeline, commits each batch in one
    /// transaction, and only then acknowledges them to the broker (group commit). On stop it finishes the batch in
    /// hand: nothing taken is lost, nothing new is taken. No exception ends this loop: the processor quarantines a
    /// message it fails on, and a failed commit or step is logged and retried, because a stopped ingest loop would
    /// stop the service, and the broker would hand the same batch to the next start.
    /// </summary>
    public sealed class IngestService : BackgroundService
    {
        private readonly GatewayOptions _options;
        private readonly Outbox _outbox;
        private readonly Sources.UplinkConnections _connections;
        private readonly MqttClient _localPublisher;
        private readonly UplinkProcessor _processor;
        private readonly WifiAcks _acks;
        private readonly GatewayMetrics _metrics;
        private readonly ILogger<IngestService> _log;
        private readonly Sources.SourceQosWatch _qosWatch;
        private readonly PipelineGate _gate;
        private readonly Sources.TtsCursor _ttsCursor;
        private readonly GatewayClock _clock;
        private readonly ClockCorrector _corrector;
        private readonly CommitWindow _window;

        public IngestService(GatewayOptions options, Outbox outbox, Sources.UplinkConnections connections, Brokers brokers, UplinkProcessor processor, WifiAcks acks,
            GatewayMetrics metrics, ILogger<IngestService> log,
            Sources.SourceQosWatch qosWatch, PipelineGate gate, Sources.TtsCursor ttsCursor, GatewayClock clock, ClockCorrector corrector)
        {
            _clock = clock;
            _corrector = corrector;
            _gate = gate;
            _ttsCursor = ttsCursor;
            _qosWatch = qosWatch;
            _options = options;
            _window = new CommitWindow(options.Buffer);
            _outbox = outbox;
            _connections = connections;
            _localPublisher = brokers.LocalPublisher;
            _processor = processor;
            _acks = acks;
            _metrics = metrics;
            _log = log;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            await _connections.StartAsync(_processor.SubscriptionFilters, stop);
            _localPublisher.Start();
            var messages = new List<MqttMessage>(_options.Buffer.CommitBatchSize);
            while (!stop.IsCancellationRequested)
            {
                _metrics.IngestBeat();
                messages.Clear();
                _metrics.IngestPhase = "waiting";
                if (!await GatherAsync(messages, stop))
                {
                    continue;
                }

                _qosWatch.Observe(messages);
                _metrics.IngestPhase = "committing";
                await _gate.Lock.WaitAsync(CancellationToken.None);
                try
                {
                    await CommitAsync(messages);
                }
                finally
                {
                    _gate.Lock.Release();
                }

                _ttsCursor.Observe(messages);
                _metrics.IngestPhase = "acknowledging";
                try
                {
                    await _connections.AckAsync(messages);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Committed: the broker's redelivery is recognised as duplicates and acknowledged then.
                    _log.LogError("acknowledging {Count} committed messages failed: {Type}: {Error}", messages.Count, e.GetType().Name, e.Message);
                }

                _metrics.IngestPhase = "publishing node acks";
                await PublishNodeAcksAsync();
            }
        }

        /// <summary>Best effort: a node that misses its acknowledgement sends the frame again and is acknowledged then.</summary>
        private async Task PublishNodeAcksAsync()
        {
            List<WifiAck> acks = _processor.TakeWifiAcks();
            try
            {
                await _acks.PublishAsync(acks);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError("publishing acknowledgements to {Count} Wi-Fi nodes failed: {Type}: {Error}", acks.Count, e.GetType().Name, e.Message);
            }
        }

        /// <summary>
        /// The first message is waited for up to a second (so the heartbeat goes on); then the batch takes what is
        /// queued and waits for more as long as the <see cref="CommitWindow"/> says, so it adapts to the arrival rate.
        /// </summary>
        private async Task<bool> GatherAsync(List<MqttMessage> messages, CancellationToken stop)
        {
            MqttMessage? first;
            while (!_connections.TryRead(out first))
            {
                if (!await _connections.WaitToReadAsync(TimeSpan.FromSeconds(1), stop))
                {
                    if (_connections.Closed)
                    {
                        // The client is being disposed: no busy loop until the stop arrives.
                        await Task.Delay(100, CancellationToken.None);
                    }

                    return false;
                }
            }

            messages.Add(first);
            while (messages.Count < _options.Buffer.CommitBatchSize)
            {
                if (_connections.TryRead(out MqttMessage? next))
                {
                    messages.Add(next);
                    continue;
                }

                long now = Environment.TickCount64;
                if (!_window.Waits(messages.Count, now) || !await _connections.WaitToReadAsync(TimeSpan.FromMilliseconds(_window.DeadlineMs - now), CancellationToken.None))
                {
                    break;
                }
            }

            _window.Close(Environment.TickCount64);

            _metrics.Received(messages.Count);
            return true;
        }

        /// <summary>Commits the batch, retrying with back-off until it is durable; the broker keeps it unacknowledged meanwhile.</summary>
        private async Task CommitAsync(List<MqttMessage> messages)
        {
            var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
            ClockStamp stamp = _clock.Stamp();
            while (true)
            {
                var batch = new CommitBatch { ClockUnsynchronized = stamp.Unsynchronized };
                foreach (MqttMessage message in messages)
                {
                    _processor.Add(batch, message.Topic, message.Payload, stamp.WallMs, message.OversizeBytes);
                }

                try
                {
                    _corrector.Committed(_outbox.Commit(batch), stamp);
                    _processor.Commit();
                    _metrics.Committed();
                    _metrics.CommitFailing = false;
                    return;
                }
                catch (Exception e)
                {
                    // Disk trouble (SQLite, IO) passes; anything else is a bug, logged with its type, and retried
                    // rather than letting the host die and the broker redeliver the batch to the next start.
                    _processor.Rollback();
                    _metrics.CommitFailed();
                    _metrics.CommitFailing = true;
                    _metrics.LastCommitError = e.Message;
                    _log.LogError("commit of {Count} messages failed, retrying: {Type}: {Error}", messages.Count, e.GetType().Name, e.Message);
                    _metrics.IngestBeat();
                    await Task.Delay(backoff.Next(), CancellationToken.None);
                }
            }
        }
    }
}
