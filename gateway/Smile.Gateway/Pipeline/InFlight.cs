using System.Collections.Concurrent;

namespace Smile.Gateway.Pipeline
{
    /// <summary>Outbox rows handed to the upstream client and not yet deleted: the buffer never evicts these.</summary>
    public sealed class InFlight
    {
        private readonly ConcurrentDictionary<long, byte> _ids = new ConcurrentDictionary<long, byte>();

        public bool TryAdd(long id) => _ids.TryAdd(id, 0);

        public bool Contains(long id) => _ids.ContainsKey(id);

        public void Remove(long id) => _ids.TryRemove(id, out _);

        public int Count => _ids.Count;
    }
}
