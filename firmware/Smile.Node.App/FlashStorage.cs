using System.IO;

namespace Smile.Node.App
{
    /// <summary>The ESP32's internal flash (LittleFS, drive I:) as the node's storage: one file per name, rewritten whole.</summary>
    public sealed class FlashStorage : IStorage
    {
        private readonly string _root;

        public FlashStorage(string root) => _root = root;

        public int Read(string name, byte[] buffer)
        {
            string path = Path.Combine(_root, name);
            if (!File.Exists(path))
            {
                return -1;
            }

            using (FileStream file = File.OpenRead(path))
            {
                int length = (int)file.Length;
                int read = 0;
                while (read < length && read < buffer.Length)
                {
                    int n = file.Read(buffer, read, (length < buffer.Length ? length : buffer.Length) - read);
                    if (n <= 0)
                    {
                        break;
                    }

                    read += n;
                }

                return length;
            }
        }

        public void Write(string name, byte[] data, int length)
        {
            using (FileStream file = File.Create(Path.Combine(_root, name)))
            {
                file.Write(data, 0, length);
            }
        }

        public void Delete(string name)
        {
            string path = Path.Combine(_root, name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
