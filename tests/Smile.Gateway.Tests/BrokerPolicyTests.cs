using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The shipped broker policy (gateway/deploy/mosquitto/policy.conf) against mosquitto's own failure modes:
    /// a long gateway outage must not hit a queue limit, and a broker SIGKILL may lose only what arrived since
    /// the last autosave.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class BrokerPolicyTests
    {
        private const int AutosaveSeconds = 5;
        private readonly ITestOutputHelper _output;

        public BrokerPolicyTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task An_away_subscriber_gets_far_more_than_mosquittos_default_1000_queued_messages()
        {
            using var broker = Mosquitto.Start();
            await Subscribe(broker, "away");
            await Publish(broker, 20_000, TimeSpan.Zero);

            Assert.Equal(20_000, await Drain(broker, "away"));
        }

        [Fact]
        public async Task A_broker_sigkill_loses_at_most_what_arrived_since_the_last_autosave()
        {
            using var broker = Mosquitto.Start();
            await Subscribe(broker, "away");
            const int rate = 1000;
            var clock = Stopwatch.StartNew();
            int acknowledged = await Publish(broker, rate * 8, TimeSpan.FromMilliseconds(1000.0 / rate));
            double seconds = clock.Elapsed.TotalSeconds;
            broker.Kill();
            broker.Restart();

            int kept = await Drain(broker, "away");
            int lost = acknowledged - kept;
            _output.WriteLine($"published and acknowledged {acknowledged} in {seconds:F1} s, SIGKILL, {kept} survived, {lost} lost");
            Assert.InRange(lost, 0, rate * (AutosaveSeconds + 1));
            Assert.True(kept >= acknowledged - rate * (AutosaveSeconds + 1), "everything older than one autosave interval survived");
        }

        private static async Task Subscribe(Mosquitto broker, string id)
        {
            var options = new MqttClientOptions { Port = broker.Port, ClientId = id };
            await using var client = new MqttClient(options);
            await client.SubscribeAsync("q/#", QoS.AtLeastOnce);
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)));
            await client.StopAsync();
        }

        private static async Task<int> Publish(Mosquitto broker, int count, TimeSpan pace)
        {
            await using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "publisher", MaxInflight = 100 });
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)));
            var acks = new List<Task>();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                acks.Add(await client.EnqueuePublishAsync("q/" + (i % 100), BitConverter.GetBytes(i), QoS.AtLeastOnce, false));
                TimeSpan due = pace * (i + 1);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }
            }

            await Task.WhenAll(acks);
            return acks.Count(t => t.IsCompletedSuccessfully);
        }

        private static async Task<int> Drain(Mosquitto broker, string id)
        {
            await using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = id, ReceiveQueueCapacity = 100_000 });
            client.Start();
            Assert.True(await client.WaitConnectedAsync(TimeSpan.FromSeconds(5)));
            var seen = new HashSet<int>();
            while (true)
            {
                using var quiet = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    MqttMessage message = await client.Messages.ReadAsync(quiet.Token);
                    seen.Add(BitConverter.ToInt32(message.Payload));
                    await client.AckAsync(message);
                }
                catch (OperationCanceledException)
                {
                    return seen.Count;
                }
            }
        }
    }
}
