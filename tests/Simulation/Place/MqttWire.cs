using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// The few MQTT 3.1.1 packets the instrument's own clients need, on a blocking loopback socket: CONNECT/CONNACK,
    /// SUBSCRIBE, and splitting received bytes into packets. The publisher and the platform subscriber speak MQTT
    /// themselves (not through Smile.Mqtt) so that what they cost per message is known and small.
    /// </summary>
    internal static class MqttWire
    {
        public const byte KeepAliveSeconds = 30;

        public static readonly byte[] PingRequest = { 0xC0, 0 };

        public static readonly byte[] Disconnect = { 0xE0, 0 };

        /// <summary>Connects and waits for the CONNACK; the receive timeout is then half the keep-alive (time to ping).</summary>
        public static Socket Connect(int port, string clientId, bool cleanSession)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 2000 };
            try
            {
                socket.Connect(IPAddress.Loopback, port);
                byte[] id = Encoding.UTF8.GetBytes(clientId);
                var connect = new List<byte> { 0x10, (byte)(12 + id.Length), 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, (byte)(cleanSession ? 0x02 : 0), 0, KeepAliveSeconds, (byte)(id.Length >> 8), (byte)id.Length };
                connect.AddRange(id);
                socket.Send(connect.ToArray());
                byte[] connAck = ReadExactly(socket, 4);
                if (connAck[0] != 0x20 || connAck[3] != 0)
                {
                    throw new IOException("CONNACK refused: return code " + connAck[3]);
                }

                socket.ReceiveTimeout = KeepAliveSeconds * 1000 / 2;
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>SUBSCRIBE one filter (packet id 1) and wait for the SUBACK, which must grant it.</summary>
        public static void Subscribe(Socket socket, string filter, int qos)
        {
            byte[] topic = Encoding.UTF8.GetBytes(filter);
            var subscribe = new List<byte> { 0x82, (byte)(5 + topic.Length), 0, 1, (byte)(topic.Length >> 8), (byte)topic.Length };
            subscribe.AddRange(topic);
            subscribe.Add((byte)qos);
            socket.Send(subscribe.ToArray());
        }

        /// <summary>
        /// One read into buffer[kept..]: the bytes read, 0 when the connection is gone, or -1 when the read timed out
        /// (then ping has been called, to keep the session alive while nothing arrives).
        /// </summary>
        public static int Receive(Socket socket, byte[] buffer, int kept, Action ping)
        {
            try
            {
                return socket.Receive(buffer, kept, buffer.Length - kept, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                ping();
                return -1;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return 0;
            }
        }

        /// <summary>
        /// The packet that starts at buffer[at], if all of it is in buffer[..length]: its first byte, where its body
        /// starts and how long the body is. False: more bytes are needed.
        /// </summary>
        public static bool TryPacket(byte[] buffer, int at, int length, out int bodyAt, out int bodyLength)
        {
            bodyAt = 0;
            bodyLength = 0;
            int remaining = 0;
            int header = 1;
            for (int shift = 0; ; shift += 7)
            {
                if (at + header >= length)
                {
                    return false;
                }

                byte digit = buffer[at + header++];
                remaining |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0)
                {
                    break;
                }
            }

            bodyAt = at + header;
            bodyLength = remaining;
            return bodyAt + remaining <= length;
        }

        private static byte[] ReadExactly(Socket socket, int count)
        {
            var bytes = new byte[count];
            for (int got = 0; got < count;)
            {
                int read = socket.Receive(bytes, got, count - got, SocketFlags.None);
                got += read > 0 ? read : throw new IOException("the broker closed the connection");
            }

            return bytes;
        }
    }
}
