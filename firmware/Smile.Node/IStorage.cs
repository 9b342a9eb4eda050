namespace Smile.Node
{
    /// <summary>
    /// The node's non-volatile storage (the ESP32's internal flash through LittleFS). Deep sleep restarts the
    /// firmware, so whatever must survive a cycle is written here.
    /// </summary>
    public interface IStorage
    {
        /// <summary>The stored bytes, or null when nothing is stored under that name.</summary>
        byte[]? Read(string name);

        void Write(string name, byte[] data, int length);
    }
}
