using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The subscribing connections the uplinks come in on: the Smile Place's own broker, and The Things Stack's MQTT
    /// server when configured. Subscribes to the sources' topics, hands the messages out as they come from either,
    /// and acknowledges them to the local broker when the ingest loop says they are committed.
    /// </summary>
    public sealed class UplinkConnections : IAsyncDisposable
    {
        private readonly TtsSourceSetting _ttsSource;

        // Waits for each queue's next message that outlived their caller's time (see WaitToReadAsync).
        private Task<bool>? _localArrival;
        private Task<bool>? _ttsArrival;

        public UplinkConnections(GatewayOptions options, ILoggerFactory logs)
        {
            Local = new MqttClient(MqttOptionsFactory.Create(options.LocalBroker), logs.CreateLogger("Smile.Gateway.LocalBroker"));
            _ttsSource = options.Sources.TheThingsStack;
            if (_ttsSource.Mqtt.Enabled)
            {
                // A fixed client id and a persistent session, like the other connections; the password (an API key)
                // comes from the environment only.
                TtsMqttSettings mqtt = _ttsSource.Mqtt;
                string? password = Environment.GetEnvironmentVariable(mqtt.PasswordVariable)?.Trim();
                if (string.IsNullOrEmpty(password))
                {
                    logs.CreateLogger("Smile.Gateway.TtsMqtt").LogError("Sources:TheThingsStack:Mqtt:Host is set but the environment variable {Variable} holding the password (an API key) is empty: TTS will refuse the login",
                        mqtt.PasswordVariable);
                }

                Tts = new MqttClient(MqttOptionsFactory.Create(mqtt, null, null, mqtt.Login(_ttsSource.Storage), string.IsNullOrEmpty(password) ? null : password),
                    logs.CreateLogger("Smile.Gateway.TtsMqtt"));
            }
        }

        /// <summary>The local broker's subscriber: Wi-Fi nodes and the network servers' integrations.</summary>
        public MqttClient Local { get; }

        /// <summary>The Things Stack's own MQTT server (QoS 0); null unless Sources:TheThingsStack:Mqtt:Host is set.</summary>
        public MqttClient? Tts { get; }

        /// <summary>Subscribes to the sources' topic filters and connects.</summary>
        public async Task StartAsync(IEnumerable<string> filters, CancellationToken stop)
        {
            foreach (string filter in filters)
            {
                // With its own connection, TTS's uplinks do not come through the local broker.
                if (Tts == null || filter != _ttsSource.Topic)
                {
                    await Local.SubscribeAsync(filter, QoS.AtLeastOnce, stop);
                }
            }

            if (Tts != null)
            {
                // TTS's MQTT server grants QoS 0 only, and the client refuses a lower grant than asked for: ask for 0.
                // Its messages take the same path as the local broker's; there is nothing to acknowledge at QoS 0.
                await Tts.SubscribeAsync(_ttsSource.Mqtt.TopicFilter(_ttsSource.Storage), QoS.AtMostOnce, stop);
                Tts.Start();
            }

            Local.Start();
        }

        public bool TryRead([NotNullWhen(true)] out MqttMessage? message) =>
            Local.Messages.TryRead(out message) || (Tts != null && Tts.Messages.TryRead(out message));

        /// <summary>
        /// Until either connection has a message (true), or the time is up, <paramref name="cancel"/> is cancelled or a
        /// queue is closed (false), without throwing: the group commit waits here for every batch, and a cancelled wait's
        /// exception each time cost about 1.5 % of the gateway's CPU at 1,000 msg/s. So no wait on a queue is ever
        /// cancelled: one left pending when the time is up is taken over by the next call. For one caller at a time (the
        /// ingest loop).
        /// </summary>
        public async Task<bool> WaitToReadAsync(TimeSpan timeout, CancellationToken cancel)
        {
            Task<bool> local = _localArrival ??= Local.Messages.WaitToReadAsync().AsTask();
            Task<bool>? tts = Tts == null ? null : _ttsArrival ??= Tts.Messages.WaitToReadAsync().AsTask();
            if (!local.IsCompleted && tts is not { IsCompleted: true })
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                Task delay = Task.Delay(timeout, timer.Token);
                Task first = tts == null ? await Task.WhenAny(local, delay) : await Task.WhenAny(local, tts, delay);
                if (first == delay)
                {
                    return false;
                }

                timer.Cancel(); // leaves no timer behind to fire for nothing
            }

            bool? fromLocal = Take(ref _localArrival), fromTts = Take(ref _ttsArrival);
            return fromLocal == true || fromTts == true;
        }

        /// <summary>Whether a connection's queue is closed (its client is being disposed): nothing more will come.</summary>
        public bool Closed => Local.Messages.Completion.IsCompleted || (Tts != null && Tts.Messages.Completion.IsCompleted);

        /// <summary>A finished wait is used up: true when its queue has a message, false when it closed; null while it waits.</summary>
        private static bool? Take(ref Task<bool>? arrival)
        {
            if (arrival is not { IsCompleted: true } done)
            {
                return null;
            }

            arrival = null;
            return done.IsCompletedSuccessfully && done.Result;
        }

        /// <summary>Tells the local broker the messages are committed; only now may it forget them.</summary>
        public Task AckAsync(IReadOnlyList<MqttMessage> messages) => Local.AckAsync(messages);

        public async ValueTask DisposeAsync()
        {
            await Local.DisposeAsync();
            if (Tts != null)
            {
                await Tts.DisposeAsync();
            }
        }
    }
}
