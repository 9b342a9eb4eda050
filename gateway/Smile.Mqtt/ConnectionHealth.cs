using System;
using System.Threading;

namespace Smile.Mqtt
{
    /// <summary>
    /// Whether the connection just ended had proved itself, which alone earns a reset of the reconnect back-off. A
    /// restored session proves nothing: a platform broker that closes the connection on a refused publish accepts
    /// the CONNECT and the SUBSCRIBEs first, every time. Proof is a PUBACK (the broker took a message, so a quick
    /// reconnect costs at most one per message delivered) or <see cref="StableAfter"/> connected (at most one quick
    /// reconnect per 10 s: harmless, yet quick after an ordinary broker restart). SUBACK and PINGRESP do not count:
    /// the first comes before the refused publish, the second only after keep-alive/2, later than 10 s by default.
    /// </summary>
    internal sealed class ConnectionHealth
    {
        public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

        private long _connectedTicks;
        private volatile bool _acknowledged;

        /// <summary>The connection these facts are about; 0 when the last attempt never got a CONNACK.</summary>
        public long Connection { get; private set; }

        public void Attempting()
        {
            Connection = 0;
            _acknowledged = false;
        }

        public void Connected(long connection)
        {
            Interlocked.Exchange(ref _connectedTicks, DateTime.UtcNow.Ticks);
            Connection = connection;
        }

        public void Acknowledged() => _acknowledged = true;

        public bool Healthy => Connection != 0
            && (_acknowledged || DateTime.UtcNow.Ticks - Interlocked.Read(ref _connectedTicks) >= StableAfter.Ticks);
    }
}
