using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Mqtt;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// The gateway's own status on the city platform, retained: online with its figures every minute, and
    /// {"online": false} when it stops, or from the broker (last will) when it dies.
    /// </summary>
    public sealed class GatewayStatusPublisher : BackgroundService
    {
        private readonly GatewayOptions _options;
        private readonly MqttClient _upstream;
        private readonly GatewayStore _store;
        private readonly GatewayMetrics _metrics;
        private readonly string _topic;
        private readonly SemaphoreSlim _reconnected = new SemaphoreSlim(0, 1);

        public GatewayStatusPublisher(GatewayOptions options, Brokers brokers, GatewayStore store, GatewayMetrics metrics, MessageRenderer renderer)
        {
            _options = options;
            _upstream = brokers.Upstream;
            _store = store;
            _metrics = metrics;
            _topic = renderer.Topics.GatewayStatus(options.Gateway.Site, options.Gateway.Id);
            _upstream.ConnectionChanged += connected =>
            {
                if (connected && _reconnected.CurrentCount == 0)
                {
                    _reconnected.Release();
                }
            };
        }

        public static string Offline(GatewayOptions options) =>
            new JsonObject { ["schema"] = "smile.gateway-status.v1", ["gateway_id"] = options.Gateway.Id, ["online"] = false }.ToJsonString();

        public override async Task StopAsync(CancellationToken cancel)
        {
            await base.StopAsync(cancel);
            if (_upstream.IsConnected)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _upstream.PublishAsync(_topic, Encoding.UTF8.GetBytes(Offline(_options)), QoS.AtLeastOnce, true, wait.Token).WaitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // The will covers it.
                }
            }
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (await _upstream.WaitConnectedAsync(TimeSpan.FromSeconds(1)))
                    {
                        // Every minute, and at once after a reconnect: the platform sees the figures of the outage.
                        await _upstream.EnqueuePublishAsync(_topic, Online(), QoS.AtLeastOnce, true, stop);
                        await _reconnected.WaitAsync(TimeSpan.FromSeconds(60), stop);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping.
            }
        }

        private byte[] Online()
        {
            BufferDisk disk = _store.Disk();
            var status = new JsonObject
            {
                ["schema"] = "smile.gateway-status.v1",
                ["gateway_id"] = _options.Gateway.Id,
                ["site"] = _options.Gateway.Site,
                ["online"] = true,
                ["at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                ["buffered_messages"] = _store.PendingMessages,
                ["buffer_bytes"] = _store.Bytes,

                // A card so full that the buffer stopped growing: an outage now costs the oldest messages.
                ["buffer_disk_free_bytes"] = disk.FreeBytes,
                ["buffer_below_floor"] = disk.BelowFloor,
                ["dropped_buffer_full"] = _store.Total(DropPolicy.DroppedFull),
                ["dropped_expired"] = _store.Total(DropPolicy.DroppedExpired),
                ["quarantined"] = _store.Total(UplinkProcessor.Quarantined),
                ["messages_in"] = _metrics.MessagesIn,
                ["messages_out"] = _metrics.MessagesOut,
            };
            return JsonBytes.Of(status);
        }
    }
}
