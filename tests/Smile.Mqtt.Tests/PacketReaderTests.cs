using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// The reader takes what the socket has in one read and parses every whole packet in it; a packet split across
    /// reads, or larger than its buffer, still comes out whole.
    /// </summary>
    public class PacketReaderTests
    {
        private const int MaxPacketSize = 256 * 1024;

        [Fact]
        public async Task A_hundred_packets_that_arrived_together_take_one_read()
        {
            byte[] wire = Wire(Enumerable.Range(1, 100).SelectMany(i => new[] { PubAck(i), Publish("t/" + i, new byte[20], i) }));
            var stream = new ChunkedStream(wire, int.MaxValue);
            var reader = new PacketReader(stream, MaxPacketSize);

            List<IncomingPacket> packets = await ReadAllAsync(reader);

            Assert.Equal(200, packets.Count);
            Assert.InRange(stream.Reads, 1, 2); // the data, then the end of the stream
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(7000)]
        public async Task Packets_split_across_reads_come_out_whole(int bytesPerRead)
        {
            byte[] payload = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
            byte[] wire = Wire(new[] { PubAck(7), Publish("split/a", payload, 8), Publish("split/b", new byte[] { 42 }, 9), PubAck(10) });

            List<IncomingPacket> packets = await ReadAllAsync(new PacketReader(new ChunkedStream(wire, bytesPerRead), MaxPacketSize));

            Assert.Equal(new[] { PacketType.PubAck, PacketType.Publish, PacketType.Publish, PacketType.PubAck }, packets.Select(p => p.Type));
            Assert.Equal(new byte[] { 0, 7 }, packets[0].Body);
            Assert.Equal("split/a", packets[1].Publish!.Topic);
            Assert.Equal(payload, packets[1].Publish!.Payload);
            Assert.Equal(8, packets[1].Publish!.PacketId);
            Assert.Equal(new byte[] { 42 }, packets[2].Publish!.Payload);
            Assert.Equal(new byte[] { 0, 10 }, packets[3].Body);
        }

        [Theory]
        [InlineData(int.MaxValue)]
        [InlineData(1000)]
        public async Task A_packet_larger_than_the_buffer_and_one_over_the_limit_are_read_and_the_next_is_intact(int bytesPerRead)
        {
            byte[] large = Enumerable.Range(0, 200 * 1024).Select(i => (byte)(i * 7)).ToArray();
            byte[] wire = Wire(new[] { Publish("large", large, 1), Publish("over", new byte[MaxPacketSize + 1], 2), PubAck(3) });

            List<IncomingPacket> packets = await ReadAllAsync(new PacketReader(new ChunkedStream(wire, bytesPerRead), MaxPacketSize));

            Assert.Equal(3, packets.Count);
            Assert.Equal(large, packets[0].Publish!.Payload);
            Assert.Equal(0, packets[0].Publish!.OversizeBytes);
            Assert.Equal("over", packets[1].Publish!.Topic);
            Assert.Empty(packets[1].Publish!.Payload);
            Assert.Equal(MaxPacketSize + 1, packets[1].Publish!.OversizeBytes);
            Assert.Equal(2, packets[1].Publish!.PacketId);
            Assert.Equal(new byte[] { 0, 3 }, packets[2].Body);
        }

        [Fact]
        public async Task A_stream_ending_inside_a_packet_is_an_error_not_a_clean_close()
        {
            byte[] wire = Wire(new[] { PubAck(1), Publish("cut", new byte[100], 2) });
            var reader = new PacketReader(new ChunkedStream(wire.AsSpan(0, wire.Length - 10).ToArray(), int.MaxValue), MaxPacketSize);

            Assert.NotNull(await reader.ReadAsync(CancellationToken.None));
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await reader.ReadAsync(CancellationToken.None));
        }

        private static async Task<List<IncomingPacket>> ReadAllAsync(PacketReader reader)
        {
            var packets = new List<IncomingPacket>();
            while (await reader.ReadAsync(CancellationToken.None) is IncomingPacket packet)
            {
                packets.Add(packet);
            }

            return packets;
        }

        private static byte[] Wire(IEnumerable<byte[]> packets) => packets.SelectMany(p => p).ToArray();

        private static byte[] PubAck(int packetId) => Packets.PubAck((ushort)packetId);

        private static byte[] Publish(string topic, byte[] payload, int packetId) =>
            Packets.Publish(topic, payload, QoS.AtLeastOnce, false, false, (ushort)packetId);

        /// <summary>A stream that hands out at most so many bytes per read, and counts the reads.</summary>
        private sealed class ChunkedStream : Stream
        {
            private readonly byte[] _data;
            private readonly int _chunk;
            private int _position;

            public ChunkedStream(byte[] data, int chunk)
            {
                _data = data;
                _chunk = chunk;
            }

            public int Reads { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                Reads++;
                int n = Math.Min(Math.Min(buffer.Length, _chunk), _data.Length - _position);
                _data.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default) => new ValueTask<int>(Read(buffer.Span));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancel) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
