using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// A file of written blocks beside the buffer, given back when the file system is full after all. On a full disk
    /// SQLite in WAL mode can write nothing, not even a delete or a checkpoint, once its log holds pages the database
    /// file would have to grow for: every commit fails until space comes back. Releasing the reserve makes that room;
    /// the <see cref="FreeSpaceFloor"/> then keeps the buffer from growing into it. Made again once there is room.
    /// </summary>
    internal sealed class SpaceReserve
    {
        /// <summary>About two write-ahead logs' worth (one is up to ~4.3 MB between checkpoints).</summary>
        public const long Bytes = 8L * 1024 * 1024;

        private readonly string _path;
        private readonly ILogger _log;

        public SpaceReserve(string path, ILogger log)
        {
            _path = path;
            _log = log;
            Present = File.Exists(path) && new FileInfo(path).Length >= Bytes;
        }

        public bool Present { get; private set; }

        /// <summary>Writes the reserve if it is missing (once, 8 MB); false if there was no room.</summary>
        public bool Make()
        {
            if (Present)
            {
                return true;
            }

            try
            {
                // Written, not only allocated: .NET's preallocation leaves the length at 0 and gives up silently on a
                // file system without fallocate, and a file of no blocks gives nothing back.
                using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1))
                {
                    var zeros = new byte[1024 * 1024];
                    for (long written = 0; written < Bytes; written += zeros.Length)
                    {
                        file.Write(zeros);
                    }

                    file.Flush(flushToDisk: true);
                }

                Present = true;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(_path);
                _log.LogWarning("no room for the buffer's {Bytes}-byte reserve at {Path}: {Error}", Bytes, _path, e.Message);
                return false;
            }
        }

        /// <summary>Deletes the reserve; false if there was none to give.</summary>
        public bool Release()
        {
            if (!Present)
            {
                return false;
            }

            File.Delete(_path);
            Present = false;
            return true;
        }
    }
}
