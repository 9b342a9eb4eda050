using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A raw socket plays a broker that answers CONNECT properly and then sends a malformed packet. The client must
    /// name the problem, drop that connection, deliver nothing from it, and connect again.
    /// </summary>
    public class MalformedPacketTests
    {
        [Theory]
        [InlineData("30ffffffff7f", "remaining length runs past 4 bytes")]
        [InlineData("36050001610001", "PUBLISH with QoS 3")]
        [InlineData("3404000161000a", "QoS 2")]
        [InlineData("30040002c328", "not valid UTF-8")]
        [InlineData("300400026123", "has a wildcard")]
        [InlineData("32050001610000", "packet id 0")]
        [InlineData("4003000100", "PubAck with a remaining length of 3")]
        [InlineData("4202000a", "reserved flags")]
        [InlineData("8206000a000161", "does not send packet type 8")]
        [InlineData("20020000", "unexpected ConnAck")]
        [InlineData("300a0001", "")]
        public async Task Malformed_packet_closes_the_connection_and_the_client_reconnects(string malformedHex, string expected)
        {
            byte[] malformed = Convert.FromHexString(malformedHex);
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var options = new MqttClientOptions
            {
                Port = ((IPEndPoint)listener.LocalEndpoint).Port,
                ClientId = "victim",
                ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
            };
            await using var client = new MqttClient(options);
            client.Start();

            using (TcpClient first = await AcceptAndConnAckAsync(listener))
            {
                await first.GetStream().WriteAsync(malformed);
                if (expected.Length == 0)
                {
                    first.Client.Shutdown(SocketShutdown.Send);
                }

                using TcpClient second = await AcceptAndConnAckAsync(listener).WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Contains(expected, client.LastError);
            }

            Assert.False(client.Messages.TryRead(out _), "nothing is delivered from a malformed packet");
        }

        private static async Task<TcpClient> AcceptAndConnAckAsync(TcpListener listener)
        {
            TcpClient socket = await listener.AcceptTcpClientAsync();
            NetworkStream stream = socket.GetStream();
            var buffer = new byte[512];
            int read = await stream.ReadAsync(buffer);
            Assert.True(read > 0 && buffer[0] == 0x10, "the client opens with CONNECT");
            await stream.WriteAsync(new byte[] { 0x20, 0x02, 0x00, 0x00 });
            return socket;
        }
    }
}
