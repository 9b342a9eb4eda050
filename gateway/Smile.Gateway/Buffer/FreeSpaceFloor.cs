using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The space the buffer leaves free on its file system. Below the floor the buffer stops growing: new rows take
    /// the place of the oldest, in pages SQLite already holds. It has to stop before the disk is full, because rows it
    /// deletes stay in the file as free pages (no space goes back to the file system), and on a full disk even a delete
    /// fails: in WAL mode it writes to the log first. On a full 16 MB tmpfs the buffer (12.4 MB) and its log (4.3 MB)
    /// were stuck that way, every commit and every delete refused with SQLITE_FULL.
    /// </summary>
    internal sealed class FreeSpaceFloor
    {
        // Asked again once the buffer wrote this much, or this long after the last time (for space something else took
        // or gave back). The floor's minimum covers what a checkpoint can still move into the file meanwhile.
        private const long CheckEveryBytes = 256 * 1024;
        private const long CheckEveryMs = 1000;

        private readonly string _directory;
        private readonly ILogger _log;
        private long _checkedAtMs;
        private long _checkedAtBytes;
        private bool _below;
        private bool _unknownLogged;

        public FreeSpaceFloor(string directory, long floorBytes, ILogger log)
        {
            _directory = directory;
            _log = log;
            FloorBytes = floorBytes;
            Recheck();
        }

        public long FloorBytes { get; }

        /// <summary>Bytes free for an unprivileged writer when last asked; long.MaxValue when the file system cannot say.</summary>
        public long FreeBytes { get; private set; } = long.MaxValue;

        /// <summary>Whether the last look found the free space under the floor.</summary>
        public bool IsBelow => _below;

        /// <summary>How often the file system was asked.</summary>
        public long Checks { get; private set; }

        /// <summary>Whether the file system's free space is under the floor; <paramref name="written"/>: bytes the buffer wrote so far.</summary>
        public bool Below(long written)
        {
            long now = Environment.TickCount64;
            if (now - _checkedAtMs >= CheckEveryMs || written - _checkedAtBytes >= CheckEveryBytes)
            {
                _checkedAtMs = now;
                _checkedAtBytes = written;
                FreeBytes = Free();
                _below = FreeBytes < FloorBytes;
                Checks++;
            }

            return _below;
        }

        /// <summary>The next <see cref="Below"/> asks the file system.</summary>
        public void Recheck() => _checkedAtMs = Environment.TickCount64 - CheckEveryMs;

        private long Free()
        {
            try
            {
                return new DriveInfo(_directory).AvailableFreeSpace;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A file system that cannot say: no floor rather than a buffer that never grows; said once.
                if (!_unknownLogged)
                {
                    _unknownLogged = true;
                    _log.LogWarning("the free space of {Directory} cannot be read ({Error}): the buffer keeps no free-space floor", _directory, e.Message);
                }

                return long.MaxValue;
            }
        }
    }
}
