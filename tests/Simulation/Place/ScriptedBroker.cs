using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// A minimal MQTT 3.1.1 broker on a loopback port, for behaviour a real broker does not show on demand: it
    /// answers CONNECT (a session is "present" from the second connection on), then lets the test's rule answer each
    /// packet (null closes the connection, as platform brokers do on a publish they refuse; closeAfter closes it after
    /// the answer). mosquitto cannot play a refusing platform: it acknowledges a publish its ACL denies and drops it.
    /// </summary>
    public sealed class ScriptedBroker : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<ClientPacket, byte[]?> _answer;
        private readonly Func<ClientPacket, bool> _closeAfter;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _connections;
        private int _refusals;

        public ScriptedBroker(Func<ClientPacket, byte[]?>? answer = null, Func<ClientPacket, bool>? closeAfter = null)
        {
            _answer = answer ?? Usual;
            _closeAfter = closeAfter ?? (_ => false);
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>CONNECTs answered so far.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>Connections the rule closed on a PUBLISH.</summary>
        public int Refusals => Volatile.Read(ref _refusals);

        /// <summary>Publishes the rule answered, JSON payloads parsed (null if not JSON).</summary>
        public ConcurrentQueue<(string Topic, JsonObject? Message)> Accepted { get; } = new ConcurrentQueue<(string, JsonObject?)>();

        /// <summary>
        /// A platform broker that plays AWS IoT Core's policy enforcement: "If a client publishes to a topic it is not
        /// authorized to, AWS IoT Core disconnects the client" (AWS IoT Core developer guide, MQTT, "Policy actions").
        /// </summary>
        public static ScriptedBroker Refusing(Func<string, bool> refuses) =>
            new ScriptedBroker(packet => packet.Type == 3 && refuses(packet.Topic) ? null : Usual(packet));

        public async Task<bool> WaitForAsync(Func<ScriptedBroker, bool> condition, TimeSpan timeout)
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

        /// <summary>What a well-behaved broker answers: PUBACK, SUBACK granting what was asked, PINGRESP.</summary>
        public static byte[]? Usual(ClientPacket packet) => packet.Type switch
        {
            3 => packet.QoS == 1 ? new byte[] { 0x40, 2, packet.Body[packet.TopicEnd], packet.Body[packet.TopicEnd + 1] } : Array.Empty<byte>(),
            8 => SubAck(packet, requested => requested),
            12 => new byte[] { 0xD0, 0 },
            _ => Array.Empty<byte>(),
        };

        /// <summary>A SUBACK for the packet's filters, each granted what grant returns for the QoS requested.</summary>
        public static byte[] SubAck(ClientPacket subscribe, Func<byte, byte> grant)
        {
            var body = new List<byte> { subscribe.Body[0], subscribe.Body[1] };
            for (int at = 2; at < subscribe.Body.Length;)
            {
                at += 2 + (subscribe.Body[at] << 8 | subscribe.Body[at + 1]);
                body.Add(grant(subscribe.Body[at++]));
            }

            var packet = new List<byte> { 0x90, (byte)body.Count };
            packet.AddRange(body);
            return packet.ToArray();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient socket;
                try
                {
                    socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(TcpClient socket)
        {
            using (socket)
            {
                try
                {
                    NetworkStream stream = socket.GetStream();
                    ClientPacket? connect = await ReadAsync(stream);
                    if (connect?.Type != 1)
                    {
                        return;
                    }

                    int connection = Interlocked.Increment(ref _connections);
                    await stream.WriteAsync(new byte[] { 0x20, 0x02, (byte)(connection > 1 ? 1 : 0), 0x00 }, _stop.Token);
                    while (await ReadAsync(stream) is ClientPacket packet)
                    {
                        byte[]? answer = _answer(packet);
                        if (answer == null)
                        {
                            if (packet.Type == 3)
                            {
                                Interlocked.Increment(ref _refusals);
                            }

                            return;
                        }

                        if (packet.Type == 3)
                        {
                            Accepted.Enqueue((packet.Topic, packet.Json()));
                        }

                        await stream.WriteAsync(answer, _stop.Token);
                        if (_closeAfter(packet))
                        {
                            return;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // The client went away or the test ended.
                }
            }
        }

        private async Task<ClientPacket?> ReadAsync(NetworkStream stream)
        {
            var first = new byte[1];
            if (await stream.ReadAsync(first, _stop.Token) == 0)
            {
                return null;
            }

            byte header = first[0];
            int remaining = 0;
            for (int shift = 0; ; shift += 7)
            {
                await stream.ReadExactlyAsync(first, _stop.Token);
                int digit = first[0];
                remaining |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0)
                {
                    break;
                }
            }

            var body = new byte[remaining];
            await stream.ReadExactlyAsync(body, _stop.Token);
            return new ClientPacket(header, body);
        }
    }

    /// <summary>One packet from the client: its first byte and its body.</summary>
    public sealed class ClientPacket
    {
        public ClientPacket(byte first, byte[] body)
        {
            First = first;
            Body = body;
        }

        public byte First { get; }

        public byte[] Body { get; }

        public int Type => First >> 4;

        public int QoS => (First >> 1) & 3;

        /// <summary>A PUBLISH's topic name.</summary>
        public string Topic => Encoding.UTF8.GetString(Body, 2, Body[0] << 8 | Body[1]);

        /// <summary>Where a PUBLISH's topic ends (its packet id follows at QoS 1).</summary>
        public int TopicEnd => 2 + (Body[0] << 8 | Body[1]);

        /// <summary>A PUBLISH's payload as a JSON object; null if it is not one.</summary>
        public JsonObject? Json()
        {
            int at = TopicEnd + (QoS > 0 ? 2 : 0);
            try
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(Body, at, Body.Length - at)) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}
