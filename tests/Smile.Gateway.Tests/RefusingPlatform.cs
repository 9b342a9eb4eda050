using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A platform broker that plays AWS IoT Core's policy enforcement: "If a client publishes to a topic it is not
    /// authorized to, AWS IoT Core disconnects the client" (AWS IoT Core developer guide, MQTT, "Policy actions").
    /// It speaks just enough MQTT 3.1.1 for the gateway: CONNACK, PUBACK for allowed publishes, SUBACK, PINGRESP;
    /// on a PUBLISH to a refused topic it closes the connection without an answer. mosquitto cannot play this: it
    /// acknowledges a publish its ACL denies and drops it silently.
    /// </summary>
    internal sealed class RefusingPlatform : IAsyncDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<string, bool> _refuses;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _accepting;
        private int _connections;
        private int _refusals;

        public RefusingPlatform(Func<string, bool> refuses)
        {
            _refuses = refuses;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        /// <summary>Connections closed on a refused publish.</summary>
        public int Refusals => Volatile.Read(ref _refusals);

        /// <summary>Publishes it acknowledged, JSON payloads parsed.</summary>
        public ConcurrentQueue<(string Topic, JsonObject? Message)> Accepted { get; } = new ConcurrentQueue<(string, JsonObject?)>();

        public async Task<bool> WaitForAsync(Func<RefusingPlatform, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (condition(this))
                {
                    return true;
                }

                await Task.Delay(50);
            }

            return condition(this);
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _accepting.ContinueWith(_ => { });
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    while (true)
                    {
                        var (header, body) = await ReadPacketAsync(stream);
                        switch (header >> 4)
                        {
                            case 1: // CONNECT: a session is "present" from the second connection on.
                                await stream.WriteAsync(new byte[] { 0x20, 2, (byte)(Connections > 1 ? 1 : 0), 0 }, _stop.Token);
                                break;
                            case 3: // PUBLISH
                                int topicLength = body[0] << 8 | body[1];
                                string topic = Encoding.UTF8.GetString(body, 2, topicLength);
                                int qos = header >> 1 & 3;
                                int payloadAt = 2 + topicLength + (qos > 0 ? 2 : 0);
                                if (_refuses(topic))
                                {
                                    Interlocked.Increment(ref _refusals);
                                    return;
                                }

                                Accepted.Enqueue((topic, Parse(body, payloadAt)));
                                if (qos > 0)
                                {
                                    await stream.WriteAsync(new byte[] { 0x40, 2, body[2 + topicLength], body[3 + topicLength] }, _stop.Token);
                                }

                                break;
                            case 8: // SUBSCRIBE: grant what was asked.
                                var subAck = new MemoryStream();
                                subAck.Write(new byte[] { 0x90, 0, body[0], body[1] });
                                for (int i = 2; i < body.Length;)
                                {
                                    int length = body[i] << 8 | body[i + 1];
                                    subAck.WriteByte(body[i + 2 + length]);
                                    i += 3 + length;
                                }

                                byte[] packet = subAck.ToArray();
                                packet[1] = (byte)(packet.Length - 2);
                                await stream.WriteAsync(packet, _stop.Token);
                                break;
                            case 12: // PINGREQ
                                await stream.WriteAsync(new byte[] { 0xD0, 0 }, _stop.Token);
                                break;
                            case 14: // DISCONNECT
                                return;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
                {
                    // The gateway went away, or the test ended.
                }
            }
        }

        private static JsonObject? Parse(byte[] body, int at)
        {
            try
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(body, at, body.Length - at)) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }

        private async Task<(byte Header, byte[] Body)> ReadPacketAsync(NetworkStream stream)
        {
            byte header = await ReadByteAsync(stream);
            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = await ReadByteAsync(stream);
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            byte[] body = new byte[length];
            await stream.ReadExactlyAsync(body, _stop.Token);
            return (header, body);
        }

        private async Task<byte> ReadByteAsync(NetworkStream stream)
        {
            byte[] one = new byte[1];
            await stream.ReadExactlyAsync(one, _stop.Token);
            return one[0];
        }
    }
}
