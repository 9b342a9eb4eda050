using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;

namespace Smile.Simulation.Place
{
    /// <summary>The city platform's side: subscribes to the normalized stream upstream and keeps every message with its arrival time (a live consumer takes them off the queue).</summary>
    public sealed class Platform : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _reading;

        private Platform(MqttClient client)
        {
            _client = client;
            _reading = Task.Run(ReadAsync);
        }

        public ConcurrentQueue<(string Topic, JsonObject Message, DateTime ArrivedAt, string Raw)> Messages { get; } = new ConcurrentQueue<(string, JsonObject, DateTime, string)>();

        public static async Task<Platform> ConnectAsync(Mosquitto upstream)
        {
            var client = new MqttClient(new MqttClientOptions
            {
                Port = upstream.Port,
                ClientId = "platform",
                KeepAliveSeconds = 5,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
            });
            await client.SubscribeAsync("smile/v1/#", QoS.AtLeastOnce);
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("platform not connected");
            }

            return new Platform(client);
        }

        public IEnumerable<JsonObject> OfSchema(string schema) => Messages.Where(m => (string?)m.Message["schema"] == schema).Select(m => m.Message);

        /// <summary>(node, sequence) of every measurement that arrived.</summary>
        public HashSet<(string Node, int Sequence)> Measured() =>
            OfSchema("smile.measurement.v1").Select(m => ((string)m["node_id"]!, (int)m["frame"]!["seq"]!)).ToHashSet();

        public async Task<bool> WaitForAsync(Func<Platform, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (condition(this))
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return condition(this);
        }

        /// <summary>Duplicates are allowed only as the same message: one message id per (node, boot, sequence, sample).</summary>
        public List<string> DuplicatesWithDifferentIds() => OfSchema("smile.measurement.v1")
            .GroupBy(m => (string)m["node_id"]! + "/" + m["frame"]!["boot"] + "/" + m["frame"]!["seq"] + "/" + m["frame"]!["sample"])
            .Where(g => g.Select(m => (string)m["message_id"]!).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();

        public void WriteJsonLines(string path) => File.WriteAllLines(path, Messages.Select(m => m.Raw));

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _client.DisposeAsync();
            await _reading.ContinueWith(_ => { });
        }

        private async Task ReadAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                MqttMessage message;
                try
                {
                    message = await _client.Messages.ReadAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
                {
                    return;
                }

                string raw = Encoding.UTF8.GetString(message.Payload);
                Messages.Enqueue((message.Topic, JsonNode.Parse(raw)!.AsObject(), DateTime.UtcNow, raw));
                await _client.AckAsync(message);
            }
        }
    }
}
