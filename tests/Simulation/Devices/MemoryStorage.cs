using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>Flash as the node sees it, in memory: files survive a simulated reboot as long as this object does.</summary>
    public sealed class MemoryStorage : IStorage
    {
        private readonly string?[] _names = new string?[8];
        private readonly byte[][] _data = new byte[8][];
        private readonly int[] _lengths = new int[8];
        private readonly int _initialCapacity;

        /// <summary>initialCapacity: bytes each file starts with, so a test can measure the firmware's allocations alone.</summary>
        public MemoryStorage(int initialCapacity = 0) => _initialCapacity = initialCapacity;

        public int Writes { get; private set; }

        public int Read(string name, byte[] buffer)
        {
            int i = Find(name);
            if (i < 0)
            {
                return -1;
            }

            int n = _lengths[i] < buffer.Length ? _lengths[i] : buffer.Length;
            for (int b = 0; b < n; b++)
            {
                buffer[b] = _data[i][b];
            }

            return _lengths[i];
        }

        public void Write(string name, byte[] data, int length)
        {
            int i = Find(name);
            if (i < 0)
            {
                i = Find(null);
                _names[i] = name;
            }

            // Grows only: like a flash file, rewritten in place.
            if (_data[i] == null || _data[i].Length < length)
            {
                _data[i] = new byte[length * 2 > _initialCapacity ? length * 2 : _initialCapacity];
            }

            for (int b = 0; b < length; b++)
            {
                _data[i][b] = data[b];
            }

            _lengths[i] = length;
            Writes++;
        }

        public void Delete(string name)
        {
            int i = Find(name);
            if (i >= 0)
            {
                _names[i] = null;
                _lengths[i] = 0;
            }
        }

        /// <summary>Cuts what is stored under the name to its first bytes: a write torn by a reset.</summary>
        public void Truncate(string name, int length)
        {
            _lengths[Find(name)] = length;
        }

        private int Find(string? name)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
