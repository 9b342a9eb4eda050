using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A link that dies silently mid-write: the peer's kernel stops taking data, the client's send buffer fills and
    /// the connection's one writer blocks in its write, so not even a PINGREQ gets out. The client must notice within
    /// its write timeout (1.5 keep-alive periods), not when the kernel gives up (about 15 minutes, or never).
    /// </summary>
    public class DeadLinkTests
    {
        [Fact]
        public async Task A_write_blocked_on_a_dead_link_times_out_and_the_client_reconnects()
        {
            using var broker = Mosquitto.Start("message_size_limit 0\n");
            using var proxy = new StallingProxy(broker.Port);
            MqttClientOptions options = Clients.Options(broker, "stalled");
            options.Port = proxy.Port;
            options.KeepAliveSeconds = 2;
            MqttClient client = await Clients.ConnectedAsync(options);
            try
            {
                await WritesGoOnAfterTheLinkDiesAsync(client, proxy);
            }
            finally
            {
                // Not DisposeAsync: its DISCONNECT would wait behind the blocked write if the timeout failed.
                await client.AbortAsync();
            }
        }

        private static async Task WritesGoOnAfterTheLinkDiesAsync(MqttClient client, StallingProxy proxy)
        {
            proxy.StallExisting();
            var sends = new List<Task>();
            for (int i = 0; i < 64; i++)
            {
                sends.Add(client.PublishAsync("big/" + i, new byte[200 * 1024], QoS.AtLeastOnce, false));
            }

            DateTime stalled = DateTime.UtcNow;
            while (proxy.Connections < 2 && DateTime.UtcNow - stalled < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }

            Assert.True(proxy.Connections >= 2, "no reconnect 20 s after the link died: " + client.LastError);
            Assert.InRange((DateTime.UtcNow - stalled).TotalSeconds, 0, 8);
            await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
