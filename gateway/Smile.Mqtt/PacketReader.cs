using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>
    /// Reads MQTT 3.1.1 packets from a stream and checks them against the spec. A PUBLISH larger than the limit is
    /// read past (not kept) and returned with its size, so the application can record it and still acknowledge it;
    /// anything else malformed or oversized throws <see cref="MqttProtocolException"/>. It reads as much as the stream
    /// has into one buffer and hands out every whole packet in it without touching the stream again: one read (one
    /// system call) for as many packets as arrived together.
    /// </summary>
    public sealed class PacketReader
    {
        /// <summary>Bytes taken from the stream at most per read; a larger packet is read past the buffer, into its own array.</summary>
        private const int BufferSize = 64 * 1024;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly Stream _stream;
        private readonly int _maxPacketSize;
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _start;
        private int _end;

        public PacketReader(Stream stream, int maxPacketSize)
        {
            _stream = stream;
            _maxPacketSize = maxPacketSize;
        }

        /// <summary>
        /// The next packet, or null when the peer closed the connection cleanly between packets. Completes at once,
        /// without a read, when the packet is already buffered.
        /// </summary>
        public ValueTask<IncomingPacket?> ReadAsync(CancellationToken cancel)
        {
            if (TryReadHeader(out byte first, out int headerLength, out int remaining)
                && remaining <= _maxPacketSize
                && _end - _start >= headerLength + remaining)
            {
                return new ValueTask<IncomingPacket?>(TakeBuffered(first, headerLength, remaining));
            }

            return ReadFromStreamAsync(cancel);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<IncomingPacket?> ReadFromStreamAsync(CancellationToken cancel)
        {
            while (true)
            {
                if (TryReadHeader(out byte first, out int headerLength, out int remaining))
                {
                    if (remaining > _maxPacketSize)
                    {
                        _start += headerLength;
                        return await ReadOversizePublishAsync((byte)(first & 0x0F), remaining, cancel);
                    }

                    if (headerLength + remaining > _buffer.Length)
                    {
                        _start += headerLength;
                        var body = new byte[remaining];
                        await ReadExactlyAsync(body, cancel);
                        return Packet(first, body);
                    }

                    if (_end - _start >= headerLength + remaining)
                    {
                        return TakeBuffered(first, headerLength, remaining);
                    }
                }

                MoveToFront();
                int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancel);
                if (read == 0)
                {
                    return _start == _end ? null : throw new EndOfStreamException("the connection closed inside a packet");
                }

                _end += read;
            }
        }

        /// <summary>
        /// The fixed header at the start of the buffer, checked; false while it is incomplete. A remaining length
        /// longer than the spec allows, bad flags, or a packet other than PUBLISH over the limit throw.
        /// </summary>
        private bool TryReadHeader(out byte first, out int headerLength, out int remaining)
        {
            first = 0;
            headerLength = 0;
            remaining = 0;
            int available = _end - _start;
            if (available == 0)
            {
                return false;
            }

            first = _buffer[_start];
            int multiplier = 1;
            for (int i = 1; ; i++)
            {
                if (i > 4)
                {
                    throw new MqttProtocolException("remaining length runs past 4 bytes");
                }

                if (i >= available)
                {
                    return false;
                }

                byte digit = _buffer[_start + i];
                remaining += (digit & 0x7F) * multiplier;
                if ((digit & 0x80) == 0)
                {
                    headerLength = i + 1;
                    break;
                }

                multiplier *= 128;
            }

            var type = (PacketType)(first >> 4);
            CheckFlags(type, (byte)(first & 0x0F));
            if (remaining > _maxPacketSize && type != PacketType.Publish)
            {
                throw new MqttProtocolException(type + " packet of " + remaining + " bytes exceeds the limit of " + _maxPacketSize);
            }

            return true;
        }

        private IncomingPacket TakeBuffered(byte first, int headerLength, int remaining)
        {
            var body = new ReadOnlySpan<byte>(_buffer, _start + headerLength, remaining);
            _start += headerLength + remaining;
            return Packet(first, body);
        }

        private static IncomingPacket Packet(byte first, ReadOnlySpan<byte> body)
        {
            var type = (PacketType)(first >> 4);
            byte flags = (byte)(first & 0x0F);
            CheckLength(type, body.Length);
            return type == PacketType.Publish
                ? new IncomingPacket(type, flags, Array.Empty<byte>(), ParsePublish(flags, body, body.Length))
                : new IncomingPacket(type, flags, body.ToArray());
        }

        /// <summary>Moves the start of an incomplete packet to the front, making room to read the rest after it.</summary>
        private void MoveToFront()
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        /// <summary>Fills the destination from the buffer first, then straight from the stream.</summary>
        private async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancel)
        {
            int buffered = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, buffered).CopyTo(destination.Span);
            _start += buffered;
            if (buffered < destination.Length)
            {
                await _stream.ReadExactlyAsync(destination.Slice(buffered), cancel);
            }
        }

        private async ValueTask SkipAsync(int count, CancellationToken cancel)
        {
            int buffered = Math.Min(count, _end - _start);
            _start += buffered;
            for (int left = count - buffered; left > 0;)
            {
                // The buffer is empty here; reading no further than the packet's end keeps the next packet intact.
                int n = await _stream.ReadAsync(_buffer.AsMemory(0, Math.Min(left, _buffer.Length)), cancel);
                if (n == 0)
                {
                    throw new EndOfStreamException("connection closed inside an oversize PUBLISH");
                }

                left -= n;
            }
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

        private static IncomingPublish ParsePublish(byte flags, ReadOnlySpan<byte> body, int totalLength)
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
                topic = StrictUtf8.GetString(body.Slice(2, topicLength));
            }
            catch (DecoderFallbackException)
            {
                throw new MqttProtocolException("PUBLISH topic is not valid UTF-8");
            }

            if (topic.Length == 0 || topic.AsSpan().IndexOfAny("+#\0") >= 0)
            {
                throw new MqttProtocolException("PUBLISH topic '" + topic + "' is empty or has a wildcard or NUL");
            }

            ushort packetId = qos == QoS.AtMostOnce ? (ushort)0 : (ushort)(body[2 + topicLength] << 8 | body[3 + topicLength]);
            if (qos != QoS.AtMostOnce && packetId == 0)
            {
                throw new MqttProtocolException("PUBLISH with QoS 1 and packet id 0");
            }

            bool oversize = totalLength > body.Length;
            byte[] payload = oversize ? Array.Empty<byte>() : body.Slice(headerLength).ToArray();
            return new IncomingPublish(topic, payload, qos, (flags & 1) != 0, (flags & 8) != 0, packetId, oversize ? totalLength - headerLength : 0);
        }

        private async ValueTask<IncomingPacket> ReadOversizePublishAsync(byte flags, int remaining, CancellationToken cancel)
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
            await SkipAsync(remaining - headLength, cancel);
            return new IncomingPacket(PacketType.Publish, flags, Array.Empty<byte>(), ParsePublish(flags, head, remaining));
        }
    }
}
