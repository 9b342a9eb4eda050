using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// Every broker, database and gateway a test or the demo starts listens on loopback only, on a port from here.
    /// </summary>
    /// <remarks>
    /// Asking the kernel for port 0 and closing again hands out a port from the ephemeral range, the same range the kernel
    /// takes the local port of every outgoing connection from: between the handout and the server's bind, a gateway
    /// connecting somewhere can take it, and the server dies with "address already in use" (a CI run saw nats-server do
    /// exactly that). So ports come from below the ephemeral range (/proc/sys/net/ipv4/ip_local_port_range, Linux's
    /// default 32768–60999), which the kernel never picks for a connection; each process starts at a random place in
    /// that range and walks on, so one process never hands the same port out twice and two processes seldom meet.
    /// </remarks>
    public static class Loopback
    {
        /// <summary>Where the handed-out ports start: above the well-known and commonly used service ports.</summary>
        public const int LowestPort = 15000;

        private static readonly int EphemeralLow = ReadEphemeralLow();
        private static int _next = LowestPort + Random.Shared.Next(EphemeralLow - LowestPort);

        /// <summary>The first port of the kernel's range for outgoing connections; no port handed out reaches it.</summary>
        public static int EphemeralRangeStart => EphemeralLow;

        public static int FreePort()
        {
            int span = EphemeralLow - LowestPort;
            for (int attempt = 0; attempt < span; attempt++)
            {
                int port = LowestPort + ((Interlocked.Increment(ref _next) - LowestPort) % span + span) % span;
                if (IsFree(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("no free loopback port between " + LowestPort + " and " + EphemeralLow);
        }

        private static bool IsFree(int port)
        {
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static int ReadEphemeralLow()
        {
            // Linux: "32768\t60999". Elsewhere (or unreadable) assume Linux's default.
            const int LinuxDefault = 32768;
            try
            {
                string[] range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return int.TryParse(range[0], out int low) && low > LowestPort + 1000 ? low : LinuxDefault;
            }
            catch (IOException)
            {
                return LinuxDefault;
            }
            catch (UnauthorizedAccessException)
            {
                return LinuxDefault;
            }
        }
    }
}
