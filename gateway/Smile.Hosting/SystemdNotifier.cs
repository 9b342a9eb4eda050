using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Smile.Hosting
{
    /// <summary>
    /// sd_notify over NOTIFY_SOCKET, for the gateway and the ingest alike: READY=1 once started, WATCHDOG=1 every
    /// half watchdog period while the service's work is alive, STOPPING=1 on the way out. When the work is stuck it
    /// stops feeding the watchdog, and systemd restarts the service.
    /// </summary>
    public sealed class SystemdNotifier : BackgroundService
    {
        private readonly ILiveness _health;
        private readonly IHostApplicationLifetime _lifetime;
        private readonly ILogger<SystemdNotifier> _log;
        private readonly string? _socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

        public SystemdNotifier(ILiveness health, IHostApplicationLifetime lifetime, ILogger<SystemdNotifier> log)
        {
            _health = health;
            _lifetime = lifetime;
            _log = log;
        }

        public static bool Send(string socketPath, string state)
        {
            // A leading '@' names a socket in the abstract namespace.
            string path = socketPath.StartsWith('@') ? "\0" + socketPath.Substring(1) : socketPath;
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                socket.Send(Encoding.UTF8.GetBytes(state));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public override Task StopAsync(CancellationToken cancel)
        {
            if (_socket != null)
            {
                Send(_socket, "STOPPING=1");
            }

            return base.StopAsync(cancel);
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            if (_socket == null)
            {
                return;
            }

            var started = new TaskCompletionSource();
            using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stop);
            }

            Send(_socket, "READY=1");
            long watchdogUsec = long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out long usec) ? usec : 0;
            if (watchdogUsec <= 0)
            {
                return;
            }

            var period = TimeSpan.FromMicroseconds(watchdogUsec / 2);
            while (!stop.IsCancellationRequested)
            {
                if (_health.Alive)
                {
                    Send(_socket, "WATCHDOG=1");
                }
                else
                {
                    _log.LogError("{Work} stuck: not feeding the systemd watchdog", _health.Work);
                }

                await Task.Delay(period, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
