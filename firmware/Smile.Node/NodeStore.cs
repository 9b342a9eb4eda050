using System;

namespace Smile.Node
{
    /// <summary>
    /// node.bin: everything a wake keeps for the next (the node's state, the pending frames, the samples) in one file,
    /// written once at the end of a wake, so a wake costs one flash write, not three. Layout: "SMN1", then three
    /// sections in this order, each a u32 length, a u32 checksum of its bytes (FNV-1a) and the bytes in the format of
    /// the file it replaces (state.bin, pending.bin, samples.bin). A section that runs past the end of the file (a
    /// write torn by a reset or a brown-out) or whose checksum fails is damaged: logged and started clean, the others
    /// kept, as with the three files before. Damaged samples take the pending frames with them, which name runs of
    /// samples from the buffer's start. The state comes first: a wake that needs only the state (the PIR's) reads
    /// the first bytes. A node upgraded in the field still has the three files: read once, and deleted once node.bin
    /// holds what they held.
    /// </summary>
    public sealed class NodeStore
    {
        public const string FileName = "node.bin";

        private const int Header = 4;
        private const int SectionHeader = 8;
        private const uint FnvOffset = 2166136261;
        private const uint FnvPrime = 16777619;
        private static readonly byte[] Magic = { (byte)'S', (byte)'M', (byte)'N', (byte)'1' };
        private static readonly byte[] Nothing = new byte[0];
        private readonly byte[] _image;
        private bool _legacy;

        /// <param name="sampleCapacity">The sample buffer's capacity (the config's BufferCapacity).</param>
        public NodeStore(int sampleCapacity)
        {
            _image = new byte[Header + 3 * SectionHeader + NodeState.Size + PendingFrames.ImageSize + SampleBuffer.ImageSize(sampleCapacity)];
        }

        /// <summary>
        /// Reads what the last wake kept into the three objects; returns the samples a smaller buffer could not take
        /// (dropped, oldest first). No allocation unless the file is larger than this buffer's (the config shrank)
        /// or the node still has the files of the firmware before.
        /// </summary>
        public int Load(IStorage storage, NodeState state, PendingFrames pending, SampleBuffer buffer)
        {
            byte[] data = _image;
            int length = storage.Read(FileName, data);
            if (length > data.Length)
            {
                // Stored by a larger buffer: read it all once, keep the newest.
                data = new byte[length];
                storage.Read(FileName, data);
            }

            if (length < 0)
            {
                byte[]? legacy = Legacy(storage);
                _legacy = legacy != null;
                data = legacy ?? Nothing;
                length = data.Length;
            }
            else
            {
                // A migration cut short after node.bin was written (a reset during the deletes): the old files are
                // removed by this wake's save instead of lingering, and coming back should node.bin ever be lost.
                // state.bin goes last (DeleteLegacy), so it alone tells; an existence check, no read.
                _legacy = storage.Read(NodeState.LegacyName, Nothing) >= 0;
            }

            // Nothing stored (a new node) starts clean in silence; a file without the magic is damaged throughout.
            int at = length > 0 && HasMagic(data, length) ? Header : -1;
            int start;
            int size;
            bool intact;
            at = Section(data, length, at, out start, out size, out intact);
            state.Read(data, start, intact ? size : 0);
            bool stateKept = intact;
            at = Section(data, length, at, out start, out size, out intact);
            pending.Read(data, start, intact ? size : 0);
            bool pendingKept = intact;
            Section(data, length, at, out start, out size, out intact);
            int lost = buffer.Read(data, start, intact ? size : 0);
            if (!intact)
            {
                pending.Clear();
            }

            // A smaller buffer (the config shrank) dropped the oldest samples: the pending frames name runs of samples
            // from the buffer's start, so they lose theirs too, or a resend would carry other samples under an old number.
            for (int i = 0; i < lost; i++)
            {
                pending.OldestSampleDropped();
            }

            if (length > 0 && !(stateKept && pendingKept && intact))
            {
                Console.WriteLine("smile-node: " + FileName + " is damaged, started clean:" + (stateKept ? "" : " state")
                    + (pendingKept && intact ? "" : " pending-frames") + (intact ? "" : " samples"));
            }

            return lost;
        }

        /// <summary>Writes the three objects as node.bin (the wake's one flash write); the files of the firmware before go once it holds them.</summary>
        public void Save(IStorage storage, NodeState state, PendingFrames pending, SampleBuffer buffer)
        {
            byte[] image = _image;
            PutMagic(image);
            int at = Header;
            state.Write(image, at + SectionHeader);
            at = Close(image, at, NodeState.Size);
            at = Close(image, at, pending.Write(image, at + SectionHeader));
            at = Close(image, at, buffer.Write(image, at + SectionHeader));
            storage.Write(FileName, image, at);
            if (_legacy)
            {
                DeleteLegacy(storage);
                _legacy = false;
            }
        }

        /// <summary>The state alone, for a wake that needs nothing else (the PIR's, the record of a failure).</summary>
        public static NodeState LoadState(IStorage storage)
        {
            var state = new NodeState();
            byte[] data = new byte[Header + SectionHeader + NodeState.Size];
            int length = storage.Read(FileName, data);
            if (length < 0)
            {
                byte[]? legacy = Legacy(storage);
                data = legacy ?? Nothing;
                length = data.Length;
            }

            int available = length < data.Length ? length : data.Length;
            int start;
            int size;
            bool intact;
            Section(data, available, HasMagic(data, available) ? Header : -1, out start, out size, out intact);
            state.Read(data, start, intact ? size : 0);
            return state;
        }

        /// <summary>
        /// Rewrites node.bin with this state and the pending frames and samples as stored (a wake that changed only
        /// the state). Allocates: such wakes run once per boot, not in a loop.
        /// </summary>
        public static void SaveState(IStorage storage, NodeState state)
        {
            int length = storage.Read(FileName, Nothing);
            bool legacy = length < 0;
            byte[] old = legacy ? Legacy(storage) ?? Nothing : new byte[length];
            if (legacy)
            {
                length = old.Length;
            }
            else
            {
                storage.Read(FileName, old);
            }

            // What follows the stored state (pending frames, samples) is copied as it is, damaged or not: the next
            // full load judges it. Without a stored state to go by, the node has none: empty sections follow.
            int start;
            int size;
            bool intact;
            int rest = Section(old, length, HasMagic(old, length) ? Header : -1, out start, out size, out intact);
            int restLength = rest < 0 ? 2 * SectionHeader + 1 + 4 : length - rest;
            byte[] image = new byte[Header + SectionHeader + NodeState.Size + restLength];
            PutMagic(image);
            state.Write(image, Header + SectionHeader);
            int at = Close(image, Header, NodeState.Size);
            if (rest < 0)
            {
                at = Close(image, at, new PendingFrames().Write(image, at + SectionHeader));
                Close(image, at, new SampleBuffer(0).Write(image, at + SectionHeader));
            }
            else
            {
                Array.Copy(old, rest, image, at, restLength);
            }

            storage.Write(FileName, image, image.Length);
            if (legacy)
            {
                DeleteLegacy(storage);
            }
        }

        /// <summary>
        /// The section whose header is at data[at] (none when at is -1): its bytes' start and length, and whether its
        /// checksum holds; returns where the next section begins, or -1 when this one runs past the end.
        /// </summary>
        private static int Section(byte[] data, int length, int at, out int start, out int size, out bool intact)
        {
            start = 0;
            size = 0;
            intact = false;
            if (at < 0 || at + SectionHeader > length)
            {
                return -1;
            }

            int stored = NodeState.ReadInt(data, at);
            if (stored < 0 || stored > length - at - SectionHeader)
            {
                return -1;
            }

            start = at + SectionHeader;
            size = stored;
            intact = (uint)NodeState.ReadInt(data, at + 4) == Checksum(data, start, size);
            return start + size;
        }

        /// <summary>Writes the header of the section whose bytes (size of them) follow it at data[at + 8]; returns where the next begins.</summary>
        private static int Close(byte[] data, int at, int size)
        {
            NodeState.WriteInt(data, at, size);
            NodeState.WriteInt(data, at + 4, (int)Checksum(data, at + SectionHeader, size));
            return at + SectionHeader + size;
        }

        private static bool HasMagic(byte[] data, int length)
        {
            if (length < Header)
            {
                return false;
            }

            for (int i = 0; i < Header; i++)
            {
                if (data[i] != Magic[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static void PutMagic(byte[] data)
        {
            for (int i = 0; i < Header; i++)
            {
                data[i] = Magic[i];
            }
        }

        /// <summary>FNV-1a over data[start..start+length).</summary>
        private static uint Checksum(byte[] data, int start, int length)
        {
            uint hash = FnvOffset;
            for (int i = start; i < start + length; i++)
            {
                hash = (hash ^ data[i]) * FnvPrime;
            }

            return hash;
        }

        /// <summary>
        /// The three files of the firmware before as one image in this layout (their formats are the sections'), or
        /// null when there are none. A file missing reads as an empty section, as it did then.
        /// </summary>
        private static byte[]? Legacy(IStorage storage)
        {
            int state = storage.Read(NodeState.LegacyName, Nothing);
            int pending = storage.Read(PendingFrames.LegacyName, Nothing);
            int samples = storage.Read(SampleBuffer.LegacyName, Nothing);
            if (state < 0 && pending < 0 && samples < 0)
            {
                return null;
            }

            Console.WriteLine("smile-node: reading " + NodeState.LegacyName + ", " + PendingFrames.LegacyName + " and " + SampleBuffer.LegacyName + " into " + FileName + " once");
            byte[] image = new byte[Header + 3 * SectionHeader + (state > 0 ? state : 0) + (pending > 0 ? pending : 0) + (samples > 0 ? samples : 0)];
            PutMagic(image);
            int at = CopyFile(storage, NodeState.LegacyName, state, image, Header);
            at = CopyFile(storage, PendingFrames.LegacyName, pending, image, at);
            CopyFile(storage, SampleBuffer.LegacyName, samples, image, at);
            return image;
        }

        private static int CopyFile(IStorage storage, string name, int length, byte[] image, int at)
        {
            int size = length > 0 ? length : 0;
            if (size > 0)
            {
                byte[] file = new byte[size];
                storage.Read(name, file);
                Array.Copy(file, 0, image, at + SectionHeader, size);
            }

            return Close(image, at, size);
        }

        /// <summary>state.bin last: while it is there, a later wake knows the migration has not finished.</summary>
        private static void DeleteLegacy(IStorage storage)
        {
            storage.Delete(SampleBuffer.LegacyName);
            storage.Delete(PendingFrames.LegacyName);
            storage.Delete(NodeState.LegacyName);
        }
    }
}
