namespace Smile.Frames
{
    /// <summary>An extension item this decoder does not know, kept byte for byte so nothing is lost.</summary>
    public sealed class FrameExtension
    {
        public FrameExtension(int tag, byte[] data)
        {
            Tag = tag;
            Data = data;
        }

        public int Tag { get; }

        public byte[] Data { get; }
    }
}
