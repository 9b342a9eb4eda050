using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt.Tests.Conformance
{
    /// <summary>
    /// A loopback TCP proxy in front of a broker that forwards whole MQTT packets both ways and notes every PUBLISH
    /// and PUBACK: what a client really sent (DUP flags, packet ids, order), which no client's own API shows. It can
    /// withhold the broker's PUBACKs, and counts the bytes the client took, so a client that stops reading shows.
    /// When either side closes, both are closed, so a killed broker is a lost connection for the client.
    /// </summary>
    internal sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TcpClient> _sockets = new List<TcpClient>();
        private long _bytesToClient;
        private volatile bool _withholdPubAcks;

        public RecordingProxy(int targetPort)
        {
            _target = targetPort;
            // Small kernel buffers on our side, so a client that stops reading stops the proxy within a few hundred KiB.
            _listener.Server.ReceiveBufferSize = 16 * 1024;
            _listener.Server.SendBufferSize = 16 * 1024;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public ConcurrentQueue<SeenPacket> Packets { get; } = new ConcurrentQueue<SeenPacket>();

        /// <summary>Bytes of PUBLISH packets the client has taken from the proxy so far.</summary>
        public long PublishBytesToClient => Interlocked.Read(ref _bytesToClient);

        /// <summary>While true, the broker's PUBACKs are dropped on their way to the client.</summary>
        public bool WithholdPubAcks
        {
            get => _withholdPubAcks;
            set => _withholdPubAcks = value;
        }

        public List<SeenPacket> Sent(int type, string? topic = null) =>
            Packets.Where(p => p.FromClient && p.Type == type && (topic == null || p.Topic == topic)).ToList();

        public List<SeenPacket> Delivered(string topicPrefix) =>
            Packets.Where(p => !p.FromClient && p.Type == 3 && p.Topic!.StartsWith(topicPrefix, StringComparison.Ordinal)).ToList();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_sockets)
            {
                _sockets.ForEach(s => s.Dispose());
            }
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
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                var broker = new TcpClient();
                try
                {
                    await broker.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // The broker is down: the client sees its connection attempt fail.
                    client.Dispose();
                    broker.Dispose();
                    continue;
                }

                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(broker);
                }

                _ = PumpAsync(client, broker, true);
                _ = PumpAsync(broker, client, false);
            }
        }

        private async Task PumpAsync(TcpClient from, TcpClient to, bool fromClient)
        {
            try
            {
                NetworkStream input = from.GetStream();
                NetworkStream output = to.GetStream();
                while (await ReadPacketAsync(input) is byte[] packet)
                {
                    SeenPacket seen = SeenPacket.Parse(packet, fromClient);
                    if (seen.Type is 3 or 4)
                    {
                        Packets.Enqueue(seen);
                    }

                    if (!fromClient && seen.Type == 4 && WithholdPubAcks)
                    {
                        continue;
                    }

                    await output.WriteAsync(packet, _stop.Token);
                    if (!fromClient && seen.Type == 3)
                    {
                        Interlocked.Add(ref _bytesToClient, packet.Length);
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // Closed on either side, or the test ended.
            }

            from.Dispose();
            to.Dispose();
        }

        /// <summary>One packet, fixed header included; null at the end of the stream.</summary>
        private async Task<byte[]?> ReadPacketAsync(NetworkStream stream)
        {
            var header = new byte[5];
            if (await stream.ReadAsync(header.AsMemory(0, 1), _stop.Token) == 0)
            {
                return null;
            }

            int remaining = 0;
            int used = 1;
            for (int shift = 0; ; shift += 7)
            {
                await stream.ReadExactlyAsync(header.AsMemory(used, 1), _stop.Token);
                remaining |= (header[used] & 0x7F) << shift;
                if ((header[used++] & 0x80) == 0)
                {
                    break;
                }
            }

            var packet = new byte[used + remaining];
            header.AsSpan(0, used).CopyTo(packet);
            await stream.ReadExactlyAsync(packet.AsMemory(used), _stop.Token);
            return packet;
        }
    }

    /// <summary>A PUBLISH or PUBACK seen by the proxy (other packets have only their type).</summary>
    internal sealed class SeenPacket
    {
        private SeenPacket(bool fromClient, int type, bool dup, ushort packetId, string? topic)
        {
            FromClient = fromClient;
            Type = type;
            Dup = dup;
            PacketId = packetId;
            Topic = topic;
        }

        public bool FromClient { get; }

        /// <summary>MQTT packet type: 3 PUBLISH, 4 PUBACK.</summary>
        public int Type { get; }

        public bool Dup { get; }

        /// <summary>0 for a QoS 0 PUBLISH.</summary>
        public ushort PacketId { get; }

        public string? Topic { get; }

        public static SeenPacket Parse(byte[] packet, bool fromClient)
        {
            int type = packet[0] >> 4;
            int body = 1;
            while ((packet[body++] & 0x80) != 0)
            {
            }

            if (type == 4)
            {
                return new SeenPacket(fromClient, type, false, (ushort)(packet[body] << 8 | packet[body + 1]), null);
            }

            if (type != 3)
            {
                return new SeenPacket(fromClient, type, false, 0, null);
            }

            int topicLength = packet[body] << 8 | packet[body + 1];
            string topic = Encoding.UTF8.GetString(packet, body + 2, topicLength);
            int qos = (packet[0] >> 1) & 3;
            int id = body + 2 + topicLength;
            return new SeenPacket(fromClient, type, (packet[0] & 0x08) != 0, qos > 0 ? (ushort)(packet[id] << 8 | packet[id + 1]) : (ushort)0, topic);
        }
    }
}
