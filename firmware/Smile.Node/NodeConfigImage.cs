namespace Smile.Node
{
    /// <summary>
    /// config.bin: a compact binary copy of a validated config.json, so a wake that only samples does not parse JSON
    /// again. It names the config.json it came from by a checksum of its text; a deployed config.json with another
    /// text makes it stale. Layout: "SCF1", u32 source checksum, then per key (NodeConfigKeys order) its value —
    /// i32 for a number, one byte for a flag, u16 length and the UTF-16 code units for a text (no
    /// Encoding: nanoFramework.System.Text is not among the node library's packages) — then a u32 checksum of all
    /// before it (FNV-1a). Any doubt (size, magic, checksum, a length past the end) and the copy is not used.
    /// </summary>
    public static class NodeConfigImage
    {
        public const string FileName = "config.bin";

        private const uint FnvOffset = 2166136261;
        private const uint FnvPrime = 16777619;
        private static readonly byte[] Magic = { (byte)'S', (byte)'C', (byte)'F', (byte)'1' };

        /// <summary>FNV-1a over the characters of config.json as read (each char's 16 bits).</summary>
        public static uint SourceChecksum(string json)
        {
            uint hash = FnvOffset;
            for (int i = 0; i < json.Length; i++)
            {
                hash = (hash ^ (json[i] & 0xFFu)) * FnvPrime;
                hash = (hash ^ ((uint)json[i] >> 8)) * FnvPrime;
            }

            return hash;
        }

        /// <summary>The copy of config, made from the config.json whose checksum is given.</summary>
        public static byte[] Write(NodeConfig config, uint sourceChecksum)
        {
            int size = 4 + 4 + 4;
            for (int key = 0; key < NodeConfigKeys.Names.Length; key++)
            {
                char kind = NodeConfigKeys.Kinds[key];
                size += kind == NodeConfigKeys.Number ? 4 : kind == NodeConfigKeys.Flag ? 1 : 2 + 2 * NodeConfigKeys.GetText(config, key).Length;
            }

            var image = new byte[size];
            int at = 0;
            for (int i = 0; i < Magic.Length; i++)
            {
                image[at++] = Magic[i];
            }

            at = PutU32(image, at, sourceChecksum);
            for (int key = 0; key < NodeConfigKeys.Names.Length; key++)
            {
                char kind = NodeConfigKeys.Kinds[key];
                if (kind == NodeConfigKeys.Number)
                {
                    at = PutU32(image, at, (uint)NodeConfigKeys.GetNumber(config, key));
                }
                else if (kind == NodeConfigKeys.Flag)
                {
                    image[at++] = (byte)(NodeConfigKeys.GetFlag(config, key) ? 1 : 0);
                }
                else
                {
                    string text = NodeConfigKeys.GetText(config, key);
                    image[at++] = (byte)(text.Length >> 8);
                    image[at++] = (byte)text.Length;
                    for (int i = 0; i < text.Length; i++)
                    {
                        image[at++] = (byte)(text[i] >> 8);
                        image[at++] = (byte)text[i];
                    }
                }
            }

            PutU32(image, at, Checksum(image, at));
            return image;
        }

        /// <summary>
        /// Fills config from the copy when it is whole and was made from the config.json with this checksum; false
        /// otherwise, and config is then not to be used.
        /// </summary>
        public static bool Read(byte[] image, int length, uint sourceChecksum, NodeConfig config)
        {
            if (length < 12 || length > image.Length || GetU32(image, length - 4) != Checksum(image, length - 4))
            {
                return false;
            }

            for (int i = 0; i < Magic.Length; i++)
            {
                if (image[i] != Magic[i])
                {
                    return false;
                }
            }

            if (GetU32(image, 4) != sourceChecksum)
            {
                return false;
            }

            int at = 8;
            int end = length - 4;
            for (int key = 0; key < NodeConfigKeys.Names.Length; key++)
            {
                char kind = NodeConfigKeys.Kinds[key];
                int need = kind == NodeConfigKeys.Number ? 4 : kind == NodeConfigKeys.Flag ? 1 : 2;
                if (at + need > end)
                {
                    return false;
                }

                if (kind == NodeConfigKeys.Number)
                {
                    NodeConfigKeys.SetNumber(config, key, (int)GetU32(image, at));
                    at += 4;
                }
                else if (kind == NodeConfigKeys.Flag)
                {
                    NodeConfigKeys.SetFlag(config, key, image[at++] != 0);
                }
                else
                {
                    int count = image[at] << 8 | image[at + 1];
                    at += 2;
                    if (at + 2 * count > end)
                    {
                        return false;
                    }

                    var text = new char[count];
                    for (int i = 0; i < count; i++)
                    {
                        text[i] = (char)(image[at] << 8 | image[at + 1]);
                        at += 2;
                    }

                    NodeConfigKeys.SetText(config, key, new string(text));
                }
            }

            return at == end;
        }

        private static uint Checksum(byte[] data, int length)
        {
            uint hash = FnvOffset;
            for (int i = 0; i < length; i++)
            {
                hash = (hash ^ data[i]) * FnvPrime;
            }

            return hash;
        }

        private static int PutU32(byte[] data, int at, uint value)
        {
            data[at] = (byte)(value >> 24);
            data[at + 1] = (byte)(value >> 16);
            data[at + 2] = (byte)(value >> 8);
            data[at + 3] = (byte)value;
            return at + 4;
        }

        private static uint GetU32(byte[] data, int at) => (uint)(data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3]);
    }
}
