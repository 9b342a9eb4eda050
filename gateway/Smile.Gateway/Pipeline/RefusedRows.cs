using System;
using System.Collections.Generic;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// Finds the row a platform broker refuses by closing the connection. AWS IoT Core disconnects a client that
    /// publishes to a topic its policy denies (EMQX and HiveMQ can be set to do the same); the MQTT client resends
    /// unacknowledged publishes first after every reconnect, so the refused one would close every connection,
    /// forever, and hold up everything behind it. When an established connection drops, the oldest row sent and not
    /// acknowledged is suspected if it was (re)sent within <see cref="Window"/>: these brokers close at once, a link
    /// that fails later is not the row's doing (and clears its count). After <see cref="ParkAfter"/> suspicions in
    /// a row, the forwarder parks it as a dead letter. Counts live in memory: the refusals happen within one run, a
    /// count written to the SD card on every disconnect would wear it, and after a restart the row is suspected again
    /// within <see cref="ParkAfter"/> reconnects.
    /// </summary>
    public sealed class RefusedRows
    {
        public const int ParkAfter = 5;

        public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

        private readonly object _gate = new object();
        private readonly SortedDictionary<long, long> _bySendOrder = new SortedDictionary<long, long>();
        private readonly Dictionary<long, (long Order, DateTime SentAt, int Drops)> _rows = new Dictionary<long, (long, DateTime, int)>();
        private long _order;
        private DateTime _connectedAt = DateTime.MinValue;

        /// <summary>The row's messages were handed to the client, after all handed before them.</summary>
        public void Sent(long rowId, DateTime now)
        {
            lock (_gate)
            {
                Done(rowId);
                _rows[rowId] = (++_order, now, 0);
                _bySendOrder[_order] = rowId;
            }
        }

        /// <summary>Acknowledged, withdrawn or parked: no longer a suspect.</summary>
        public void Done(long rowId)
        {
            lock (_gate)
            {
                if (_rows.Remove(rowId, out var row))
                {
                    _bySendOrder.Remove(row.Order);
                }
            }
        }

        /// <summary>A (re)connection: the client has just resent every unacknowledged row.</summary>
        public void Connected(DateTime now)
        {
            lock (_gate)
            {
                _connectedAt = now;
            }
        }

        /// <summary>An established connection dropped: the row to park now, if any.</summary>
        public long? Dropped(DateTime now)
        {
            lock (_gate)
            {
                foreach (var (_, rowId) in _bySendOrder)
                {
                    var row = _rows[rowId];
                    DateTime lastSent = row.SentAt > _connectedAt ? row.SentAt : _connectedAt;
                    row.Drops = now - lastSent <= Window ? row.Drops + 1 : 0;
                    _rows[rowId] = row;
                    return row.Drops >= ParkAfter ? rowId : null;
                }

                return null;
            }
        }
    }
}
