using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>Flash as the node sees it, in memory: files survive a simulated reboot as long as this object does.</summary>
    public sealed class MemoryStorage : IStorage
    {
        private readonly string[] _names = new string[8];
        private readonly byte[][] _data = new byte[8][];

        public int Writes { get; private set; }

        public int BytesWritten { get; private set; }

        public byte[]? Read(string name)
        {
            int i = Find(name);
            return i < 0 ? null : _data[i];
        }

        public void Write(string name, byte[] data, int length)
        {
            int i = Find(name);
            if (i < 0)
            {
                i = Find(null);
                _names[i] = name;
            }

            if (_data[i] == null || _data[i].Length != length)
            {
                _data[i] = new byte[length];
            }

            for (int b = 0; b < length; b++)
            {
                _data[i][b] = data[b];
            }

            Writes++;
            BytesWritten += length;
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
