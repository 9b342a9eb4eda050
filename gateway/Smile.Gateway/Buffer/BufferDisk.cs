namespace Smile.Gateway.Buffer
{
    /// <summary>
    /// The buffer's file system as the buffer sees it: bytes free for it (null when the file system cannot say), the
    /// floor it keeps free (Buffer:MinFreeMegabytes), and whether it is under it, when the buffer stops growing.
    /// </summary>
    public sealed record BufferDisk(long? FreeBytes, long FloorBytes, bool BelowFloor);
}
