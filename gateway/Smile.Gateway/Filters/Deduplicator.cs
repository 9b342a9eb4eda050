using System;
using System.Collections.Generic;

namespace Smile.Gateway.Filters
{
    /// <summary>
    /// Drops repeats: a frame whose (node, boot, sequence) was seen among the node's last 1024 frames within the
    /// window, or whose network-server id was seen within the window (the newest <see cref="MaxNetworkIds"/> of them).
    /// The per-node bound keeps a wrapped 12-bit
    /// sequence from being mistaken for an old one. Frame keys are persisted with the batch that adds them, so
    /// that window survives restarts (network-server ids live in memory: a repeat carries the same frame key);
    /// changes of a batch apply only when its commit succeeded. Ingest and the pruner call it from different threads:
    /// every public member takes one lock (uncontended, it costs nanoseconds per uplink).
    /// </summary>
    public sealed class Deduplicator
    {
        public const int PerNodeCapacity = 1024;

        /// <summary>
        /// Network-server ids kept at most, newest first: without a bound they grow with the rate over the window
        /// (86 million a day at 1,000 uplinks a second). An id forgotten early costs nothing: a repeat of its
        /// uplink still carries the frame's own (node, boot, sequence), which is bounded per node.
        /// </summary>
        public const int MaxNetworkIds = 65_536;

        /// <summary>
        /// Nodes whose frame keys are kept at most: with the per-node bound, at most 12 MiB of keys (1,024 × 1,024 ×
        /// 12 bytes) whatever the number of node ids (an unknown-node policy of accept lets any topic make one). Past it
        /// the least recently heard eighth is forgotten at once, so the scan runs once per 128 new nodes. The price: a
        /// forgotten node's repeat is taken as new and forwarded again under a new message id (the id carries the
        /// time of receipt), and its Wi-Fi acknowledgement no longer reports frames held before. A Smile Place with more
        /// nodes than this, or a local publisher inventing node ids under the accept policy, makes that happen to the
        /// least recently heard; the quarantine policy for unknown nodes keeps invented ids out. The disk keeps as
        /// many keys (GatewayStore.SeenRowBudget).
        /// </summary>
        public const int MaxNodes = 1024;

        private readonly long _windowMs;
        private readonly Dictionary<string, NodeKeys> _frames = new Dictionary<string, NodeKeys>();
        private readonly Dictionary<string, long> _networkIds = new Dictionary<string, long>();
        private readonly Queue<(string Id, long AtMs)> _networkOrder = new Queue<(string, long)>();
        private readonly List<(string Node, int Key, long AtMs)> _pendingFrames = new List<(string, int, long)>();
        private readonly Dictionary<string, long> _pendingNetworkIds = new Dictionary<string, long>();
        private readonly HashSet<(string, int)> _pendingFrameSet = new HashSet<(string, int)>();
        private readonly object _sync = new object();

        public Deduplicator(long windowMs) => _windowMs = windowMs;

        /// <summary>
        /// A key committed before this start, handed over in any order (GatewayStore.ReadSeenFrames reads the disk as it
        /// lies, without sorting): each node keeps its newest keys by time, a key met twice at the later of its times.
        /// </summary>
        public void Load(string node, int boot, int sequence, long atMs)
        {
            lock (_sync)
            {
                Keys(node).Load(Key(boot, sequence), atMs);
            }
        }

        /// <summary>
        /// The load is over: every node's keys become its ring, cut to <see cref="PerNodeCapacity"/>. A node also does
        /// this on its first use; doing it here keeps the silent nodes within the bound too.
        /// </summary>
        public void Loaded()
        {
            lock (_sync)
            {
                foreach (NodeKeys keys in _frames.Values)
                {
                    keys.EndLoad();
                }
            }
        }

        public bool IsDuplicateNetworkId(string id, long nowMs)
        {
            lock (_sync)
            {
                return _pendingNetworkIds.ContainsKey(id) || (_networkIds.TryGetValue(id, out long at) && nowMs - at <= _windowMs);
            }
        }

        public bool IsDuplicateFrame(string node, int boot, int sequence, long nowMs)
        {
            lock (_sync)
            {
                int key = Key(boot, sequence);
                return _pendingFrameSet.Contains((node, key))
                    || (_frames.TryGetValue(node, out var keys) && keys.TryGet(key, out long at) && nowMs - at <= _windowMs);
            }
        }

        /// <summary>Whether the frame is held (committed) by this gateway: what Wi-Fi acknowledgements report.</summary>
        public bool Holds(string node, int boot, int sequence)
        {
            lock (_sync)
            {
                return _frames.TryGetValue(node, out var keys) && keys.TryGet(Key(boot, sequence), out _);
            }
        }

        public void Remember(string node, int boot, int sequence, long nowMs)
        {
            lock (_sync)
            {
                int key = Key(boot, sequence);
                if (_pendingFrameSet.Add((node, key)))
                {
                    _pendingFrames.Add((node, key, nowMs));
                }
            }
        }

        public void RememberNetworkId(string id, long nowMs)
        {
            lock (_sync)
            {
                _pendingNetworkIds[id] = nowMs;
            }
        }

        public void Commit()
        {
            lock (_sync)
            {
                foreach (var (node, key, at) in _pendingFrames)
                {
                    Keys(node).Add(key, at);
                }

                foreach (var (id, at) in _pendingNetworkIds)
                {
                    AddNetworkId(id, at);
                }

                Rollback();
            }
        }

        public void Rollback()
        {
            lock (_sync)
            {
                _pendingFrames.Clear();
                _pendingFrameSet.Clear();
                _pendingNetworkIds.Clear();
            }
        }

        /// <summary>Forgets network ids older than the window (frame keys are bounded per node).</summary>
        public void Prune(long nowMs)
        {
            lock (_sync)
            {
                while (_networkOrder.Count > 0 && nowMs - _networkOrder.Peek().AtMs > _windowMs)
                {
                    ForgetOldestNetworkId();
                }
            }
        }

        private void AddNetworkId(string id, long at)
        {
            _networkIds[id] = at;
            _networkOrder.Enqueue((id, at));
            while (_networkOrder.Count > MaxNetworkIds)
            {
                ForgetOldestNetworkId();
            }
        }

        /// <summary>Drops the oldest entry of the order; the id goes too unless it was seen again since.</summary>
        private void ForgetOldestNetworkId()
        {
            var (id, at) = _networkOrder.Dequeue();
            if (_networkIds.TryGetValue(id, out long current) && current == at)
            {
                _networkIds.Remove(id);
            }
        }

        private NodeKeys Keys(string node)
        {
            if (!_frames.TryGetValue(node, out var keys))
            {
                if (_frames.Count == MaxNodes)
                {
                    ForgetLeastRecentlyHeardNodes();
                }

                _frames[node] = keys = new NodeKeys();
            }

            return keys;
        }

        private void ForgetLeastRecentlyHeardNodes()
        {
            var byLastHeard = new List<KeyValuePair<string, NodeKeys>>(_frames);
            byLastHeard.Sort((a, b) => a.Value.LastMs.CompareTo(b.Value.LastMs));
            for (int i = 0; i < MaxNodes / 8; i++)
            {
                _frames.Remove(byLastHeard[i].Key);
            }
        }

        private static int Key(int boot, int sequence) => boot << 12 | sequence;

        /// <summary>
        /// The last <see cref="PerNodeCapacity"/> keys of one node, oldest overwritten first: two arrays used as a ring,
        /// 12 bytes a key (a dictionary and a queue took about 32), grown as the node sends. A lookup scans the keys,
        /// which the runtime vectorizes: well under a microsecond for a full ring. Keys loaded at start come in any order:
        /// they gather past the capacity by a quarter, the oldest by time are cut when that fills, and the first other use
        /// orders them by time into the ring.
        /// </summary>
        private sealed class NodeKeys
        {
            private const int LoadCapacity = PerNodeCapacity + PerNodeCapacity / 4;
            private int[] _keys = new int[16];
            private long[] _at = new long[16];
            private int _count;
            private int _next;
            private bool _loading;

            /// <summary>When the node was last heard: the newest time among its keys.</summary>
            public long LastMs { get; private set; }

            public void Load(int key, long atMs)
            {
                _loading = true;
                LastMs = Math.Max(LastMs, atMs);
                int index = Array.IndexOf(_keys, key, 0, _count);
                if (index >= 0)
                {
                    // In time order the later of the two would have been handed last and its time kept.
                    _at[index] = Math.Max(_at[index], atMs);
                    return;
                }

                if (_count == LoadCapacity)
                {
                    KeepNewest();
                }

                if (_count == _keys.Length)
                {
                    Array.Resize(ref _keys, Math.Min(LoadCapacity, _count * 2));
                    Array.Resize(ref _at, _keys.Length);
                }

                _keys[_count] = key;
                _at[_count] = atMs;
                _count++;
            }

            public void Add(int key, long atMs)
            {
                EndLoad();
                LastMs = Math.Max(LastMs, atMs);
                int index = Find(key);
                if (index >= 0)
                {
                    _at[index] = atMs;
                    return;
                }

                if (_count == _keys.Length && _count < PerNodeCapacity)
                {
                    // Still filling: the ring is the keys in arrival order, so growing keeps that order.
                    Array.Resize(ref _keys, Math.Min(PerNodeCapacity, _count * 2));
                    Array.Resize(ref _at, _keys.Length);
                }

                _keys[_next] = key;
                _at[_next] = atMs;
                _count = Math.Max(_count, _next + 1);
                _next = (_next + 1) % PerNodeCapacity;
            }

            public bool TryGet(int key, out long atMs)
            {
                EndLoad();
                int index = Find(key);
                atMs = index >= 0 ? _at[index] : 0;
                return index >= 0;
            }

            /// <summary>
            /// Where the key is in the ring, or -1; newest first: the keys asked for most were added last (a Wi-Fi
            /// acknowledgement asks for the 16 frames before the node's newest, for every node of every commit; from the
            /// oldest that was 16 scans of up to 1,024 keys, 3.6 % of the gateway's CPU unpaced). Keys are unique in the
            /// ring, so the order finds the same one. Not while loading: the ring's order is set when the load ends.
            /// </summary>
            private int Find(int key)
            {
                int index = _next > 0 ? Array.LastIndexOf(_keys, key, _next - 1, _next) : -1;
                if (index < 0 && _count > _next)
                {
                    index = Array.LastIndexOf(_keys, key, _count - 1, _count - _next); // the ring's older part, after _next
                }

                return index;
            }

            /// <summary>The loaded keys become the ring: oldest first, the next write overwriting the oldest.</summary>
            public void EndLoad()
            {
                if (!_loading)
                {
                    return;
                }

                _loading = false;
                KeepNewest();
                if (_keys.Length > PerNodeCapacity)
                {
                    Array.Resize(ref _keys, PerNodeCapacity);
                    Array.Resize(ref _at, PerNodeCapacity);
                }

                _next = _count % PerNodeCapacity;
            }

            /// <summary>Orders the keys by time and keeps the newest <see cref="PerNodeCapacity"/>.</summary>
            private void KeepNewest()
            {
                Array.Sort(_at, _keys, 0, _count);
                int cut = Math.Max(0, _count - PerNodeCapacity);
                if (cut > 0)
                {
                    Array.Copy(_keys, cut, _keys, 0, PerNodeCapacity);
                    Array.Copy(_at, cut, _at, 0, PerNodeCapacity);
                    _count = PerNodeCapacity;
                }
            }
        }
    }
}
