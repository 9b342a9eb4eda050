using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>
    /// Reads MQTT 3.1.1 packets from a stream and checks them against the spec. A PUBLISH larger than the limit is
    /// read past (not kept) and returned with its size, so the application can record it and still acknowledge it;
    /// anything else malformed or oversized throws <see cref="MqttProtocolException"/>.
    /// </summary>
    public sealed class PacketReader
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly Stream _stream;
        private readonly int _maxPacketSize;
        private readonly byte[] _header = new byte[1];

        public PacketReader(Stream stream, int maxPacketSize)
        {
            _stream = stream;
            _maxPacketSize = maxPacketSize;
        }

        /// <summary>The next packet, or null when the peer closed the connection cleanly between packets.</summary>
        public async Task<IncomingPacket?> ReadAsync(CancellationToken cancel)
        {
            if (await _stream.ReadAsync(_header, cancel) == 0)
            {
                return null;
            }

            var type = (PacketType)(_header[0] >> 4);
            byte flags = (byte)(_header[0] & 0x0F);
            int remaining = await ReadRemainingLengthAsync(cancel);
            CheckFlags(type, flags);

            if (remaining > _maxPacketSize)
            {
                if (type != PacketType.Publish)
                {
                    throw new MqttProtocolException(type + " packet of " + remaining + " bytes exceeds the limit of " + _maxPacketSize);
                }

                return await ReadOversizePublishAsync(flags, remaining, cancel);
            }

            var body = new byte[remaining];
            await ReadExactlyAsync(body, cancel);
            CheckLength(type, body.Length);
            return new IncomingPacket(type, flags, body, type == PacketType.Publish ? ParsePublish(flags, body, body.Length) : null);
        }

        private async Task<int> ReadRemainingLengthAsync(CancellationToken cancel)
        {
            int value = 0;
            int multiplier = 1;
            var digit = new byte[1];
            for (int i = 0; i < 4; i++)
            {
                await ReadExactlyAsync(digit, cancel);
                value += (digit[0] & 0x7F) * multiplier;
                if ((digit[0] & 0x80) == 0)
                {
                    return value;
                }

                multiplier *= 128;
            }

            throw new MqttProtocolException("remaining length runs past 4 bytes");
        }

        private static void CheckFlags(PacketType type, byte flags)
        {
            switch (type)
            {
                case PacketType.Publish:
                    if ((flags >> 1 & 3) > 1)
                    {
                        throw new MqttProtocolException("PUBLISH with QoS " + (flags >> 1 & 3) + "; this client subscribes at QoS 0 and 1 only");
                    }

                    break;
                case PacketType.ConnAck or PacketType.PubAck or PacketType.SubAck or PacketType.UnsubAck or PacketType.PingResp:
                    if (flags != 0)
                    {
                        throw new MqttProtocolException(type + " with reserved flags " + flags);
                    }

                    break;
                case PacketType.PubRec or PacketType.PubRel or PacketType.PubComp:
                    throw new MqttProtocolException(type + ": this client subscribes at QoS 0 and 1 only, QoS 2 flows are not expected");
                default:
                    throw new MqttProtocolException("a broker does not send packet type " + (int)type);
            }
        }

        private static void CheckLength(PacketType type, int length)
        {
            bool ok = type switch
            {
                PacketType.ConnAck or PacketType.PubAck or PacketType.UnsubAck => length == 2,
                PacketType.PingResp => length == 0,
                PacketType.SubAck => length >= 3,
                _ => true,
            };
            if (!ok)
            {
                throw new MqttProtocolException(type + " with a remaining length of " + length);
            }
        }

        private static IncomingPublish ParsePublish(byte flags, byte[] body, int totalLength)
        {
            var qos = (QoS)(flags >> 1 & 3);
            if (body.Length < 2)
            {
                throw new MqttProtocolException("PUBLISH too short for its topic length");
            }

            int topicLength = body[0] << 8 | body[1];
            int headerLength = 2 + topicLength + (qos == QoS.AtMostOnce ? 0 : 2);
            if (headerLength > body.Length)
            {
                throw new MqttProtocolException("PUBLISH ends inside its topic or packet id");
            }

            string topic;
            try
            {
                topic = StrictUtf8.GetString(body, 2, topicLength);
            }
            catch (DecoderFallbackException)
            {
                throw new MqttProtocolException("PUBLISH topic is not valid UTF-8");
            }

            if (topic.Length == 0 || topic.IndexOfAny(new[] { '+', '#', '\0' }) >= 0)
            {
                throw new MqttProtocolException("PUBLISH topic '" + topic + "' is empty or has a wildcard or NUL");
            }

            ushort packetId = qos == QoS.AtMostOnce ? (ushort)0 : (ushort)(body[2 + topicLength] << 8 | body[3 + topicLength]);
            if (qos != QoS.AtMostOnce && packetId == 0)
            {
                throw new MqttProtocolException("PUBLISH with QoS 1 and packet id 0");
            }

            bool oversize = totalLength > body.Length;
            byte[] payload = oversize ? Array.Empty<byte>() : body.AsSpan(headerLength).ToArray();
            return new IncomingPublish(topic, payload, qos, (flags & 1) != 0, (flags & 8) != 0, packetId, oversize ? totalLength - headerLength : 0);
        }

        private async Task<IncomingPacket> ReadOversizePublishAsync(byte flags, int remaining, CancellationToken cancel)
        {
            var lengthBytes = new byte[2];
            await ReadExactlyAsync(lengthBytes, cancel);
            int topicLength = lengthBytes[0] << 8 | lengthBytes[1];
            int headLength = 2 + topicLength + (((flags >> 1) & 3) == 0 ? 0 : 2);
            if (headLength > remaining || headLength > _maxPacketSize)
            {
                throw new MqttProtocolException("oversize PUBLISH with a topic of " + topicLength + " bytes");
            }

            var head = new byte[headLength];
            lengthBytes.CopyTo(head, 0);
            await ReadExactlyAsync(head.AsMemory(2), cancel);
            var scratch = new byte[16 * 1024];
            for (int left = remaining - headLength; left > 0;)
            {
                int n = await _stream.ReadAsync(scratch.AsMemory(0, Math.Min(left, scratch.Length)), cancel);
                if (n == 0)
                {
                    throw new EndOfStreamException("connection closed inside an oversize PUBLISH");
                }

                left -= n;
            }

            return new IncomingPacket(PacketType.Publish, flags, Array.Empty<byte>(), ParsePublish(flags, head, remaining));
        }

        private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancel)
        {
            await _stream.ReadExactlyAsync(buffer, cancel);
        }
    }
}
