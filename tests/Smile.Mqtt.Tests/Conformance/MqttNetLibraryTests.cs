using System;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests.Conformance
{
    /// <summary>MQTTnet 5.2.0 on its own, without the adapter: what the gateway would have to add around it.</summary>
    public class MqttNetLibraryTests
    {
        /// <summary>
        /// A persistent session does not make MQTTnet resend: the pending QoS 1 publish fails with the connection
        /// (MqttPacketDispatcher.FailAll in dotnet/MQTTnet v5.2.0), and no reconnect follows. The gateway's client keeps
        /// it and resends it on the next connection (ConformanceTests).
        /// </summary>
        [Fact]
        public async Task A_qos_1_publish_fails_when_the_connection_is_lost_instead_of_waiting_to_be_resent()
        {
            using var broker = Mosquitto.Start();
            using var proxy = new RecordingProxy(broker.Port);
            using IMqttClient client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", proxy.Port)
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .WithClientId("bare")
                .WithCleanSession(false)
                .Build());

            proxy.WithholdPubAcks = true;
            Task publish = client.PublishAsync(new MqttApplicationMessage { Topic = "bare/x", PayloadSegment = new byte[] { 1 }, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });
            await Task.Delay(300);
            Assert.False(publish.IsCompleted);
            broker.Kill();

            await Assert.ThrowsAnyAsync<Exception>(() => publish.WaitAsync(TimeSpan.FromSeconds(10)));
            broker.StartAgain();
            await Task.Delay(500);
            Assert.False(client.IsConnected, "MQTTnet 5 does not reconnect by itself");
            Assert.Single(proxy.Sent(3, "bare/x"));
        }
    }
}
