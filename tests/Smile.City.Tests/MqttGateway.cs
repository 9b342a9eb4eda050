using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.City;

namespace Smile.City.Tests
{
    /// <summary>A gateway as the cluster sees it: normalized measurements at QoS 1 to one member's MQTT listener.</summary>
    internal static class MqttGateway
    {
        /// <summary>
        /// Publishes count measurements of ten nodes named after the client id (so that two gateways' message ids differ)
        /// and waits for every PUBACK, which nats-server sends once $MQTT_msgs stored the message.
        /// </summary>
        public static async Task PublishAsync(int port, int count, string clientId, string? username = null, string? password = null)
        {
            await using var client = new MqttClient(new MqttClientOptions
            {
                Port = port,
                ClientId = clientId,
                Username = username,
                Password = password,
                KeepAliveSeconds = 10,
                MaxInflight = 100,
                // nats-server closes the connection on a topic with ' ' or '.' (server/mqtt.go).
                UnsupportedTopicCharacters = " .",
            });
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("MQTT client " + clientId + " not connected: " + client.LastError);
            }

            var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
            var acks = new List<Task>();
            for (int i = 0; i < count; i++)
            {
                string node = clientId + "-node-" + (i % 10);
                byte[] payload = CityTraffic.Bytes(CityTraffic.Measurement("hafen", node, i, start.AddSeconds(i)));
                acks.Add(await client.EnqueuePublishAsync(CityTraffic.MeasurementTopic("hafen", node), payload, QoS.AtLeastOnce, false));
            }

            await Task.WhenAll(acks).WaitAsync(TimeSpan.FromSeconds(120));
        }
    }
}
