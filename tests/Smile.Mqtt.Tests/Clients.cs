using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    internal static class Clients
    {
        public static MqttClientOptions Options(Mosquitto broker, string clientId) => new MqttClientOptions
        {
            Port = broker.Port,
            ClientId = clientId,
            KeepAliveSeconds = 5,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };

        public static async Task<MqttClient> ConnectedAsync(MqttClientOptions options)
        {
            var client = new MqttClient(options);
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("not connected: " + client.LastError);
            }

            return client;
        }

        /// <summary>
        /// Asserts that the client's last error comes to name <paramref name="expected"/> within 10 s: after a refused
        /// connection, read once, it may still be empty when the first attempt (a cold TLS handshake, a thread pool
        /// starved at start-up) took longer than the wait; a wrong error never turns right.
        /// </summary>
        public static async Task AssertLastErrorAsync(Func<string?> lastError, string expected, StringComparison comparison = StringComparison.Ordinal)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (lastError()?.Contains(expected, comparison) != true && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Contains(expected, lastError(), comparison);
        }

        /// <summary>Reads messages until count arrived or the timeout passed.</summary>
        public static async Task<List<MqttMessage>> ReceiveAsync(MqttClient client, int count, TimeSpan timeout)
        {
            var messages = new List<MqttMessage>();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                while (messages.Count < count)
                {
                    messages.Add(await client.Messages.ReadAsync(cancel.Token));
                }
            }
            catch (OperationCanceledException)
            {
                // Fewer than asked: the caller asserts on what came.
            }

            return messages;
        }

        /// <summary>Publishes with mosquitto_pub, an independent client.</summary>
        public static void Pub(Mosquitto broker, string topic, string message, int qos = 1)
        {
            ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-q", qos.ToString(), "-t", topic, "-m", message);
        }

        public static string Text(MqttMessage message) => Encoding.UTF8.GetString(message.Payload);
    }
}
