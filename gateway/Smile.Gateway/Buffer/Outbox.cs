using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// Owns a stored row's life after its commit: waiting, handed out for sending (in flight), acknowledged, deleted;
    /// or given up under the <see cref="DropPolicy"/> (evicted, expired) or parked as a dead letter. Rows are handed
    /// out with <see cref="TakeLive"/> and <see cref="TakeBacklog"/> and come back explicitly, by id: acknowledged
    /// (<see cref="Acknowledge"/>, deleted in batches by <see cref="DeleteAcknowledged"/>), released unsent
    /// (<see cref="Release"/>) or parked (<see cref="Park"/>). A row in flight or acknowledged is never handed out
    /// twice, evicted or expired. In-flight state is memory only: after a crash every row left is handed out again,
    /// a duplicate upstream (with the same message id), never a loss.
    /// One forwarder takes rows; acknowledgements and <see cref="BeginDelivery"/> may come from any thread.
    /// </summary>
    public sealed class Outbox
    {
        private readonly GatewayStore _store;
        private readonly ConcurrentDictionary<long, RowState> _inFlight = new ConcurrentDictionary<long, RowState>();
        private readonly ConcurrentQueue<long> _acknowledged = new ConcurrentQueue<long>();
        private readonly SemaphoreSlim _newRows = new SemaphoreSlim(0, 1);
        private readonly object _cursors = new object();
        private long _liveFrom;
        private long _liveCursor;
        private long _backlogCursor;

        // The newest row's id, kept here (every row comes in through Commit or Park) so that BeginDelivery, called
        // on the MQTT client's thread the moment a connection comes up, runs no query and cannot fail, and LiveWaiting is cheap.
        private long _newestId;
        private bool _backlogDone;

        public Outbox(GatewayStore store)
        {
            _store = store;
            _newestId = store.MaxId();
            BeginDelivery();
        }

        private enum RowState
        {
            HandedOut,
            Acknowledged,
        }

        /// <summary>Rows handed out and not yet deleted or returned.</summary>
        public int InFlight => _inFlight.Count;

        /// <summary>True when every row that waited at <see cref="BeginDelivery"/> was handed out once.</summary>
        public bool BacklogDone
        {
            get => Volatile.Read(ref _backlogDone);
            private set => Volatile.Write(ref _backlogDone, value);
        }

        /// <summary>Whether a row committed since <see cref="BeginDelivery"/> waits to be handed out (without a query; a commit under way may be missed).</summary>
        public bool LiveWaiting => Volatile.Read(ref _newestId) > Volatile.Read(ref _liveCursor);

        /// <summary>Commits the batch (see <see cref="GatewayStore.Commit"/>), never giving up a row in flight, and wakes the forwarder.</summary>
        public List<long> Commit(CommitBatch batch)
        {
            List<long> ids = _store.Commit(batch, IsInFlight);
            if (ids.Count > 0)
            {
                RaiseNewestId(ids[^1]);
            }

            Notify();
            return ids;
        }

        /// <summary>
        /// A new upstream connection: the rows waiting now are the backlog, handed out again from the oldest (except those
        /// still in flight: the MQTT session delivers them); rows committed from now on are live. Never throws.
        /// </summary>
        public void BeginDelivery()
        {
            lock (_cursors)
            {
                _liveFrom = Math.Max(_liveFrom, Volatile.Read(ref _newestId));
                _liveCursor = Math.Max(_liveCursor, _liveFrom);
                _backlogCursor = 0;
                BacklogDone = false;
            }
        }

        /// <summary>Hands out up to <paramref name="limit"/> rows committed since <see cref="BeginDelivery"/>, oldest first.</summary>
        public List<StoredMessage> TakeLive(int limit)
        {
            lock (_cursors)
            {
                return _store.Claim(_liveCursor, long.MaxValue, limit, TryHandOut, out _liveCursor);
            }
        }

        /// <summary>Hands out up to <paramref name="limit"/> rows of the backlog, oldest first; none once it is done.</summary>
        public List<StoredMessage> TakeBacklog(int limit)
        {
            lock (_cursors)
            {
                long before = _backlogCursor;
                List<StoredMessage> rows = _store.Claim(_backlogCursor, _liveFrom, limit, TryHandOut, out _backlogCursor);
                BacklogDone = _backlogCursor == before;
                return rows;
            }
        }

        /// <summary>
        /// The upstream broker acknowledged the row: it is deleted by the next <see cref="DeleteAcknowledged"/> and
        /// stays in flight until then. Anything else than a row handed out is refused, with the reason, and changes nothing.
        /// </summary>
        public AckResult Acknowledge(long id)
        {
            if (_inFlight.TryUpdate(id, RowState.Acknowledged, RowState.HandedOut))
            {
                _acknowledged.Enqueue(id);
                return AckResult.Accepted;
            }

            return _inFlight.TryGetValue(id, out RowState state) && state == RowState.Acknowledged ? AckResult.AlreadyAcknowledged : AckResult.NotInFlight;
        }

        /// <summary>The row was not delivered (the connection went): it goes out again with the next <see cref="BeginDelivery"/>.</summary>
        public AckResult Release(long id)
        {
            if (_inFlight.TryRemove(new KeyValuePair<long, RowState>(id, RowState.HandedOut)))
            {
                return AckResult.Accepted;
            }

            return _inFlight.TryGetValue(id, out RowState state) && state == RowState.Acknowledged ? AckResult.AlreadyAcknowledged : AckResult.NotInFlight;
        }

        /// <summary>Acknowledged rows deleted in one transaction at most.</summary>
        public const int DeleteBatch = 4096;

        /// <summary>
        /// Deletes the acknowledged rows in one transaction, so the SD card sees few, larger writes; returns how many
        /// acknowledgements it applied. When the delete fails they stay queued (and in flight) for the next call.
        /// </summary>
        public int DeleteAcknowledged(int max = DeleteBatch)
        {
            var ids = new List<long>();
            while (ids.Count < max && _acknowledged.TryDequeue(out long id))
            {
                ids.Add(id);
            }

            try
            {
                _store.Delete(ids);
            }
            catch
            {
                foreach (long id in ids)
                {
                    _acknowledged.Enqueue(id);
                }

                throw;
            }

            foreach (long id in ids)
            {
                _inFlight.TryRemove(id, out _);
            }

            return ids.Count;
        }

        /// <summary>
        /// Replaces a row handed out that cannot be delivered by <paramref name="deadLetter"/> (dropped and counted when
        /// null; see <see cref="GatewayStore.Park"/>) and returns it from flight. Null when it was not in flight
        /// (acknowledged, or never handed out): then nothing changes.
        /// </summary>
        public long? Park(long id, StoredMessage? deadLetter)
        {
            if (!_inFlight.TryGetValue(id, out RowState state) || state != RowState.HandedOut)
            {
                return null;
            }

            long? parked = _store.Park(id, deadLetter);
            if (parked != null)
            {
                RaiseNewestId(parked.Value);
            }

            _inFlight.TryRemove(id, out _);
            Notify();
            return parked;
        }

        /// <summary>Expires rows past the age bound (never one in flight), forgets dedup keys past the window, trims the quarantine.</summary>
        /// <summary>Expiry and de-duplication window; rows from <paramref name="spareFromId"/> on do not expire (their age is not known yet).</summary>
        /// <param name="nowMs">The wall clock now.</param>
        /// <param name="dedupWindowMs">How long de-duplication keys are kept.</param>
        /// <param name="spareFromId">The first id whose receive time is still uncorrected (<see cref="Pipeline.ClockCorrector.OldestUnsettledId"/>).</param>
        public void Prune(long nowMs, long dedupWindowMs, long spareFromId = long.MaxValue) => _store.Prune(nowMs, dedupWindowMs, id => IsInFlight(id) || id >= spareFromId);

        /// <summary>Corrects the receive times of the rows in the ranges (see <see cref="GatewayStore.CorrectReceivedTimes"/>), never of a row in flight.</summary>
        public int[] CorrectReceivedTimes(IReadOnlyList<(long FirstId, long LastId, long StepMs)> ranges) => _store.CorrectReceivedTimes(ranges, IsInFlight);

        /// <summary>Until a commit added rows, a row came back, or the timeout passed.</summary>
        public Task<bool> WaitForRowsAsync(TimeSpan timeout, CancellationToken cancel) => _newRows.WaitAsync(timeout, cancel);

        /// <summary>Wakes the forwarder, e.g. when the upstream connection came back.</summary>
        public void Notify()
        {
            if (_newRows.CurrentCount > 0)
            {
                // Already signalled, as after most commits while the forwarder is busy: no exception for it.
                return;
            }

            try
            {
                _newRows.Release();
            }
            catch (SemaphoreFullException)
            {
                // Signalled meanwhile by another thread.
            }
        }

        private bool IsInFlight(long id) => _inFlight.ContainsKey(id);

        private void RaiseNewestId(long id)
        {
            long seen;
            while ((seen = Volatile.Read(ref _newestId)) < id && Interlocked.CompareExchange(ref _newestId, id, seen) != seen)
            {
            }
        }

        private bool TryHandOut(long id) => _inFlight.TryAdd(id, RowState.HandedOut);
    }
}
