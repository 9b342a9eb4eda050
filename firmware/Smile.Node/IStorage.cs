namespace Smile.Node
{
    /// <summary>
    /// The node's non-volatile storage (the ESP32's internal flash through LittleFS). Deep sleep restarts the
    /// firmware, so whatever must survive a cycle is written here.
    /// </summary>
    public interface IStorage
    {
        /// <summary>
        /// Copies the stored bytes into the buffer (as many as fit) and returns the stored length, or -1 when nothing
        /// is stored under that name. The caller owns the buffer, so a cycle reads without allocating.
        /// </summary>
        int Read(string name, byte[] buffer);

        void Write(string name, byte[] data, int length);

        /// <summary>Removes what is stored under that name; nothing when there is none.</summary>
        void Delete(string name);
    }
}
