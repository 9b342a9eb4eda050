using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Smile.Mqtt
{
    /// <summary>Builds MQTT 3.1.1 packets as byte arrays (fixed header, remaining length, variable header, payload).</summary>
    public static class Packets
    {
        public const int MaxRemainingLength = 268_435_455;

        public static byte[] Connect(MqttClientOptions options)
        {
            var body = new List<byte>();
            WriteString(body, "MQTT");
            body.Add(4);
            byte flags = 0;
            if (options.CleanSession)
            {
                flags |= 0x02;
            }

            if (options.Will != null)
            {
                flags |= (byte)(0x04 | ((int)options.Will.QoS << 3) | (options.Will.Retain ? 0x20 : 0));
            }

            if (options.Username != null)
            {
                flags |= 0x80;
            }

            if (options.Password != null)
            {
                flags |= 0x40;
            }

            body.Add(flags);
            body.Add((byte)(options.KeepAliveSeconds >> 8));
            body.Add((byte)options.KeepAliveSeconds);
            WriteString(body, options.ClientId);
            if (options.Will != null)
            {
                WriteString(body, options.Will.Topic);
                WriteBinary(body, options.Will.Payload);
            }

            if (options.Username != null)
            {
                WriteString(body, options.Username);
            }

            if (options.Password != null)
            {
                WriteBinary(body, Encoding.UTF8.GetBytes(options.Password));
            }

            return Frame(0x10, body);
        }

        public static byte[] Publish(string topic, ReadOnlySpan<byte> payload, QoS qos, bool retain, bool dup, ushort packetId)
        {
            int topicLength = Encoding.UTF8.GetByteCount(topic);
            if (topicLength > 65535)
            {
                throw new ArgumentException("a topic of " + topicLength + " bytes exceeds 65535");
            }

            int remaining = 2 + topicLength + (qos == QoS.AtMostOnce ? 0 : 2) + payload.Length;
            byte first = (byte)(0x30 | (dup ? 0x08 : 0) | ((int)qos << 1) | (retain ? 1 : 0));
            byte[] packet = NewPacket(first, remaining, out int at);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), (ushort)topicLength);
            at += 2 + Encoding.UTF8.GetBytes(topic, packet.AsSpan(at + 2));
            if (qos != QoS.AtMostOnce)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), packetId);
                at += 2;
            }

            payload.CopyTo(packet.AsSpan(at));
            return packet;
        }

        /// <summary>Sets the packet id of a QoS 1 PUBLISH built by <see cref="Publish"/>, in place.</summary>
        internal static void SetPublishPacketId(byte[] publish, ushort packetId)
        {
            int at = 1;
            while ((publish[at] & 0x80) != 0)
            {
                at++;
            }

            at++;
            int topicLength = publish[at] << 8 | publish[at + 1];
            BinaryPrimitives.WriteUInt16BigEndian(publish.AsSpan(at + 2 + topicLength), packetId);
        }

        /// <summary>Marks a PUBLISH as sent before (DUP), in place.</summary>
        internal static void SetDuplicate(byte[] publish) => publish[0] |= 0x08;

        public static byte[] Subscribe(ushort packetId, IReadOnlyList<(string Filter, QoS QoS)> filters)
        {
            var body = new List<byte> { (byte)(packetId >> 8), (byte)packetId };
            foreach (var (filter, qos) in filters)
            {
                WriteString(body, filter);
                body.Add((byte)qos);
            }

            return Frame(0x82, body);
        }

        internal const int PubAckSize = 4;

        public static byte[] PubAck(ushort packetId)
        {
            var packet = new byte[PubAckSize];
            WritePubAck(packet, packetId);
            return packet;
        }

        internal static void WritePubAck(Span<byte> to, ushort packetId)
        {
            to[0] = 0x40;
            to[1] = 2;
            BinaryPrimitives.WriteUInt16BigEndian(to.Slice(2), packetId);
        }

        public static byte[] PingReq() => new byte[] { 0xC0, 0 };

        public static byte[] Disconnect() => new byte[] { 0xE0, 0 };

        /// <summary>Size of the whole packet a PUBLISH would take, to check limits before building it.</summary>
        public static int PublishSize(string topic, int payloadLength, QoS qos)
        {
            int remaining = 2 + Encoding.UTF8.GetByteCount(topic) + (qos == QoS.AtMostOnce ? 0 : 2) + payloadLength;
            return 1 + RemainingLengthSize(remaining) + remaining;
        }

        public static void ValidateTopicName(string topic)
        {
            if (topic.Length == 0 || topic.AsSpan().IndexOfAny("+#\0") >= 0 || Encoding.UTF8.GetByteCount(topic) > 65535)
            {
                throw new ArgumentException("'" + topic + "' is not a valid topic name to publish to (empty, wildcard, NUL or too long)");
            }
        }

        private static byte[] Frame(byte first, List<byte> body)
        {
            byte[] packet = NewPacket(first, body.Count, out int at);
            body.CopyTo(packet, at);
            return packet;
        }

        /// <summary>An array for a whole packet with its fixed header written; <paramref name="at"/> is where the rest goes.</summary>
        private static byte[] NewPacket(byte first, int remaining, out int at)
        {
            if (remaining > MaxRemainingLength)
            {
                throw new ArgumentException("packet of " + remaining + " bytes exceeds MQTT's limit");
            }

            var packet = new byte[1 + RemainingLengthSize(remaining) + remaining];
            packet[0] = first;
            at = 1;
            int value = remaining;
            do
            {
                byte digit = (byte)(value % 128);
                value /= 128;
                packet[at++] = value > 0 ? (byte)(digit | 0x80) : digit;
            }
            while (value > 0);

            return packet;
        }

        private static int RemainingLengthSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

        private static void WriteString(List<byte> to, string text) => WriteBinary(to, Encoding.UTF8.GetBytes(text));

        private static void WriteBinary(List<byte> to, byte[] data)
        {
            if (data.Length > 65535)
            {
                throw new ArgumentException("a string or binary field of " + data.Length + " bytes exceeds 65535");
            }

            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)data.Length);
            to.Add(length[0]);
            to.Add(length[1]);
            to.AddRange(data);
        }
    }
}
