using System;
using System.Threading;
using Smile.Systemd;

namespace Smile.Ingest.Health
{
    /// <summary>
    /// Whether the consume loop turns: every fetch, commit and retry counts as a turn. An outage of PostgreSQL or of the
    /// engine keeps it turning (it retries); only a hung call stops it, and then systemd's watchdog restarts us.
    /// </summary>
    public sealed class IngestHealth : ILiveness
    {
        public string Work => "consume loop";

        public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(90);
        private long _lastTurnTicks = DateTime.UtcNow.Ticks;
        private long _stored;
        private long _deadLettered;

        public bool Alive => DateTime.UtcNow - new DateTime(Interlocked.Read(ref _lastTurnTicks), DateTimeKind.Utc) < StuckAfter;

        public long Stored => Interlocked.Read(ref _stored);

        public long DeadLettered => Interlocked.Read(ref _deadLettered);

        public void Turned() => Interlocked.Exchange(ref _lastTurnTicks, DateTime.UtcNow.Ticks);

        public void Committed(int stored, int deadLettered)
        {
            Interlocked.Add(ref _stored, stored);
            Interlocked.Add(ref _deadLettered, deadLettered);
            Turned();
        }
    }
}
