using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>
    /// The writing side of one connection. Callers queue whole packets and go on; one loop takes everything queued
    /// meanwhile, copies it into one buffer and writes it with one call on the stream (through TLS when there is TLS),
    /// so a burst of publishes or acknowledgements costs one system call instead of one each. Packets leave in the
    /// order queued. When the connection closes, what is still queued is dropped: QoS 1 publishes stay pending and are
    /// resent on the next connection, as after any lost write.
    /// </summary>
    internal sealed class PacketWriter
    {
        /// <summary>
        /// Most bytes put into one write; a larger packet is written on its own, from its own array. 16 KiB holds about
        /// 200 uplinks' PUBLISHes or 4,000 PUBACKs, and keeps one write short enough that the stall check (a write
        /// blocked for the write timeout) does not take a slow but moving link (12 kbit/s and up) for a dead one.
        /// </summary>
        public const int BufferSize = 16 * 1024;

        private readonly Stream _stream;
        private readonly Action _written;
        private readonly TimeProvider _time;
        private readonly object _lock = new object();
        private readonly SemaphoreSlim _ready = new SemaphoreSlim(0);
        private List<Outgoing> _queue = new List<Outgoing>();
        private bool _idle = true;
        private bool _closed;
        private TaskCompletionSource? _flushed;
        private long _writeStartedTimestamp; // monotonic, of _time; 0 while no write is under way

        public PacketWriter(Stream stream, long connection, Action written, TimeProvider time)
        {
            _stream = stream;
            Connection = connection;
            _written = written;
            _time = time;
        }

        /// <summary>The connection this writer belongs to (the client's count of CONNACKs).</summary>
        public long Connection { get; }

        /// <summary>Queues a packet; it is dropped when the connection has closed.</summary>
        public void Enqueue(byte[] packet) => Enqueue(new Outgoing(packet, packet.Length, false), false);

        /// <summary>
        /// Queues bytes rented from <see cref="ArrayPool{T}.Shared"/>, which this writer returns once written or dropped;
        /// the task completes when they are written or the connection closed.
        /// </summary>
        public Task EnqueueRentedAsync(byte[] rented, int length) => Enqueue(new Outgoing(rented, length, true), true);

        /// <summary>Queues a packet; the task completes when it is written or the connection closed.</summary>
        public Task EnqueueAsync(byte[] packet) => Enqueue(new Outgoing(packet, packet.Length, false), true);

        /// <summary>Whether a write has been blocked for longer than the given time: the sign of a dead link.</summary>
        public bool StalledLongerThan(TimeSpan limit)
        {
            long started = Interlocked.Read(ref _writeStartedTimestamp);
            return started != 0 && _time.GetElapsedTime(started) > limit;
        }

        /// <summary>Writes whatever is queued, batch after batch, until the connection fails or is cancelled.</summary>
        public async Task RunAsync(CancellationToken cancel)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            var batch = new List<Outgoing>();
            TaskCompletionSource? flushed = null;
            try
            {
                while (true)
                {
                    await _ready.WaitAsync(cancel);
                    while (true)
                    {
                        lock (_lock)
                        {
                            if (_queue.Count == 0)
                            {
                                _idle = true;
                                break;
                            }

                            (_queue, batch) = (batch, _queue);
                            flushed = _flushed;
                            _flushed = null;
                        }

                        await WriteAsync(batch, buffer, cancel);
                        Release(batch);
                        flushed?.TrySetResult();
                        flushed = null;
                    }
                }
            }
            finally
            {
                Release(batch);
                flushed?.TrySetResult();
                Close();
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Drops what is queued and refuses more; whoever waits for a write is let go.</summary>
        public void Close()
        {
            TaskCompletionSource? flushed;
            lock (_lock)
            {
                _closed = true;
                Release(_queue);
                flushed = _flushed;
                _flushed = null;
            }

            flushed?.TrySetResult();
        }

        private Task Enqueue(Outgoing packet, bool wait)
        {
            Task written;
            bool wake;
            lock (_lock)
            {
                if (_closed)
                {
                    Release(packet);
                    return Task.CompletedTask;
                }

                _queue.Add(packet);
                written = Task.CompletedTask;
                if (wait)
                {
                    _flushed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    written = _flushed.Task;
                }

                wake = _idle;
                _idle = false;
            }

            if (wake)
            {
                _ready.Release();
            }

            return written;
        }

        /// <summary>The batch in as few writes as the buffer allows, in order; a packet larger than the buffer on its own.</summary>
        private async Task WriteAsync(List<Outgoing> batch, byte[] buffer, CancellationToken cancel)
        {
            int length = 0;
            foreach (Outgoing packet in batch)
            {
                if (length > 0 && length + packet.Length > buffer.Length)
                {
                    await WriteAsync(buffer, length, cancel);
                    length = 0;
                }

                if (packet.Length > buffer.Length)
                {
                    await WriteAsync(packet.Bytes, packet.Length, cancel);
                    continue;
                }

                packet.Bytes.AsSpan(0, packet.Length).CopyTo(buffer.AsSpan(length));
                length += packet.Length;
            }

            if (length > 0)
            {
                await WriteAsync(buffer, length, cancel);
            }

            await _stream.FlushAsync(cancel);
        }

        private async Task WriteAsync(byte[] bytes, int length, CancellationToken cancel)
        {
            Interlocked.Exchange(ref _writeStartedTimestamp, _time.GetTimestamp());
            await _stream.WriteAsync(bytes.AsMemory(0, length), cancel);
            Interlocked.Exchange(ref _writeStartedTimestamp, 0);
            _written();
        }

        private static void Release(List<Outgoing> packets)
        {
            foreach (Outgoing packet in packets)
            {
                Release(packet);
            }

            packets.Clear();
        }

        private static void Release(Outgoing packet)
        {
            if (packet.Rented)
            {
                ArrayPool<byte>.Shared.Return(packet.Bytes);
            }
        }

        /// <summary>A queued packet: its bytes, how many of them count, and whether they go back to the pool.</summary>
        private readonly record struct Outgoing(byte[] Bytes, int Length, bool Rented);
    }
}
