using System;
using System.Collections.Generic;
using System.Threading;
using NATS.Client.Core;
using Smile.Hosting;

namespace Smile.Ingest.Health
{
    /// <summary>
    /// Whether the consume loop turns (every fetch, commit and retry counts as a turn), and what stands in its way:
    /// PostgreSQL and the engine, each OK or with the last error. An outage keeps the loop turning (it retries) and
    /// makes /healthz say why; only a hung call stops it, and then systemd's watchdog restarts us.
    /// </summary>
    public sealed class IngestHealth : ILiveness
    {
        public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(90);

        /// <summary>How often an idle loop asks PostgreSQL whether it is there, so that /healthz is true without traffic.</summary>
        public static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(10);

        private long _lastTurnTicks = DateTime.UtcNow.Ticks;
        private long _postgresOkTicks;
        private volatile string? _postgresProblem = "not reached yet";
        private volatile string? _engineProblem = "not consuming yet";

        public string Work => "consume loop";

        public bool Alive => Since(_lastTurnTicks) < StuckAfter;

        public bool PostgresOk => _postgresProblem == null;

        /// <summary>No word from PostgreSQL for <see cref="ProbeEvery"/>: time for a probe.</summary>
        public bool PostgresProbeDue => Since(_postgresOkTicks) >= ProbeEvery;

        public void Turned() => Interlocked.Exchange(ref _lastTurnTicks, DateTime.UtcNow.Ticks);

        public void PostgresAnswered()
        {
            Interlocked.Exchange(ref _postgresOkTicks, DateTime.UtcNow.Ticks);
            _postgresProblem = null;
        }

        /// <summary>Records the failure; true when PostgreSQL was OK until now (worth a log line).</summary>
        public bool PostgresFailed(string error)
        {
            bool wasOk = _postgresProblem == null;
            _postgresProblem = error;
            return wasOk;
        }

        public void Consuming() => _engineProblem = null;

        public void EngineFailed(string error) => _engineProblem = error;

        /// <summary>Why the ingest is not doing its job, one plain sentence each; empty when it is.</summary>
        public List<string> Problems(NatsConnectionState nats)
        {
            var problems = new List<string>();
            if (!Alive)
            {
                problems.Add("consume loop stuck: no turn for " + (int)Since(_lastTurnTicks).TotalSeconds + " s");
            }

            if (nats != NatsConnectionState.Open)
            {
                problems.Add("NATS not connected (" + nats + ")" + (_engineProblem is string why ? ": " + why : ""));
            }
            else if (_engineProblem is string why)
            {
                problems.Add("NATS JetStream: " + why);
            }

            if (_postgresProblem is string failed)
            {
                problems.Add("PostgreSQL unreachable: " + failed);
            }

            return problems;
        }

        private static TimeSpan Since(long ticks) => TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref ticks));
    }
}
