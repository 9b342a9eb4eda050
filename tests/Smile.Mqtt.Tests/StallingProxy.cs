using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt.Tests
{
    /// <summary>
    /// A loopback TCP proxy in front of a broker that can play a dead link: <see cref="StallExisting"/> makes the
    /// connections open so far stop reading and forwarding, sockets left open, so the client's send buffer fills and
    /// its writes block as on a link whose far end vanished. Later connections are forwarded normally.
    /// </summary>
    internal sealed class StallingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<TcpClient> _sockets = new List<TcpClient>();
        private CancellationTokenSource _stall = new CancellationTokenSource();
        private int _connections;

        public StallingProxy(int targetPort)
        {
            _target = targetPort;

            // Small kernel buffers on our side, so a few hundred KiB fill them.
            _listener.Server.ReceiveBufferSize = 16 * 1024;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void StallExisting()
        {
            CancellationTokenSource stall = Interlocked.Exchange(ref _stall, new CancellationTokenSource());
            stall.Cancel();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_sockets)
            {
                foreach (TcpClient socket in _sockets)
                {
                    socket.Dispose();
                }
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var broker = new TcpClient();
                    await broker.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                    lock (_sockets)
                    {
                        _sockets.Add(client);
                        _sockets.Add(broker);
                    }

                    Interlocked.Increment(ref _connections);
                    CancellationToken stalled = _stall.Token;
                    _ = PumpAsync(client.GetStream(), broker.GetStream(), stalled);
                    _ = PumpAsync(broker.GetStream(), client.GetStream(), stalled);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken stalled)
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    int read = await from.ReadAsync(buffer, stalled);
                    if (read == 0)
                    {
                        to.Socket.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), stalled);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stalled (the sockets stay open, unread) or closed: either way this direction is done.
            }
        }
    }
}
