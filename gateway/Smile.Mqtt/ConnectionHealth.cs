using System;
using System.Threading;

namespace Smile.Mqtt
{
    /// <summary>
    /// Whether the connection just ended had proved itself, which alone earns a reset of the reconnect back-off. A
    /// restored session proves nothing: a platform broker that closes the connection on a refused publish accepts the
    /// CONNECT and answers the SUBSCRIBEs first, every time, and may deliver queued messages before it reads our
    /// publish. Proof is a PUBACK (the broker took a message of ours, so quick reconnects cost at most one per message
    /// delivered), a PINGRESP (we ping only after keep-alive/2 without a write, long after any resent publish was
    /// read), or <see cref="StableAfter"/> connected (at most one quick reconnect per 10 s: harmless, and still quick
    /// after an ordinary broker restart).
    /// </summary>
    internal sealed class ConnectionHealth
    {
        public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

        private readonly TimeProvider _time;
        private long _connectedTimestamp;
        private volatile bool _proved;

        public ConnectionHealth(TimeProvider time) => _time = time;

        /// <summary>The connection these facts are about; 0 when the last attempt never got a CONNACK.</summary>
        public long Connection { get; private set; }

        public void Attempting()
        {
            Connection = 0;
            _proved = false;
        }

        public void Connected(long connection)
        {
            Interlocked.Exchange(ref _connectedTimestamp, _time.GetTimestamp());
            Connection = connection;
        }

        /// <summary>A PUBACK or PINGRESP arrived.</summary>
        public void Proved() => _proved = true;

        public bool Healthy => Connection != 0
            && (_proved || _time.GetElapsedTime(Interlocked.Read(ref _connectedTimestamp)) >= StableAfter);
    }
}
