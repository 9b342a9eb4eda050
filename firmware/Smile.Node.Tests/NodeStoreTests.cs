using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>node.bin: one file for what a wake keeps, a torn write found out, and the three files of the firmware before read once.</summary>
    [TestClass]
    public class NodeStoreTests
    {
        private const int Capacity = 10;

        private static NodeState State()
        {
            var state = new NodeState();
            state.Sequence = 42;
            state.Boot = 3;
            state.Joined = true;
            return state;
        }

        private static PendingFrames Pending()
        {
            var pending = new PendingFrames();
            pending.Add(41, 3, 2);
            return pending;
        }

        private static SampleBuffer Samples(int count)
        {
            var buffer = new SampleBuffer(Capacity);
            for (int i = 0; i < count; i++)
            {
                Sample slot;
                buffer.Append(out slot);
                slot.Time = 100 + i;
                slot.SetValue(Fields.Temperature, 20.5 + i);
            }

            return buffer;
        }

        [TestMethod]
        public static void A_smaller_buffer_drops_the_oldest_samples_and_the_pending_frames_lose_them_too()
        {
            var storage = new MemoryStorage();
            var pending = new PendingFrames();
            pending.Add(40, 3, 3);
            pending.Add(41, 3, 4);
            new NodeStore(Capacity).Save(storage, State(), pending, Samples(8));

            // The config's BufferCapacity went from 10 to 4: the 4 oldest samples are dropped.
            var loaded = new PendingFrames();
            var buffer = new SampleBuffer(4);
            int lost = new NodeStore(4).Load(storage, new NodeState(), loaded, buffer);
            Assert.AreEqual(4, lost);
            Assert.AreEqual(104L, buffer[0].Time);
            Assert.AreEqual(1, loaded.Count, "frame 40's three samples are gone, and one of frame 41's");
            Assert.AreEqual(41, loaded.Sequence(0));
            Assert.AreEqual(3, loaded.Samples(0));
        }

        [TestMethod]
        public static void A_write_torn_in_the_samples_is_found_and_only_they_and_the_frames_naming_them_start_clean()
        {
            var storage = new MemoryStorage();
            new NodeStore(Capacity).Save(storage, State(), Pending(), Samples(5));
            int length = storage.Read(NodeStore.FileName, new byte[0]);

            // A reset or a brown-out cut the write in the middle of the last sample.
            storage.Truncate(NodeStore.FileName, length - 10);

            var state = new NodeState();
            var pending = new PendingFrames();
            var buffer = new SampleBuffer(Capacity);
            new NodeStore(Capacity).Load(storage, state, pending, buffer);
            Assert.AreEqual(42, state.Sequence, "the state before the samples is whole and kept");
            Assert.AreEqual(3, state.Boot);
            Assert.AreEqual(0, buffer.Count);
            Assert.AreEqual(0, pending.Count, "a pending frame names samples that are gone");
        }

        [TestMethod]
        public static void A_damaged_state_starts_clean_and_the_samples_after_it_are_kept()
        {
            var storage = new MemoryStorage();
            new NodeStore(Capacity).Save(storage, State(), Pending(), Samples(5));
            byte[] image = new byte[storage.Read(NodeStore.FileName, new byte[0])];
            storage.Read(NodeStore.FileName, image);
            image[4 + 8 + 4] ^= 0x40; // a bit of the sequence number flips
            storage.Write(NodeStore.FileName, image, image.Length);

            var state = new NodeState();
            var pending = new PendingFrames();
            var buffer = new SampleBuffer(Capacity);
            new NodeStore(Capacity).Load(storage, state, pending, buffer);
            Assert.AreEqual(0, state.Sequence, "the checksum finds the flipped bit");
            Assert.IsFalse(state.Joined);
            Assert.AreEqual(1, pending.Count);
            Assert.AreEqual(5, buffer.Count);
            Assert.AreEqual(0, NodeState.Load(storage).Sequence, "the PIR's wake reads the state the same way");
        }

        [TestMethod]
        public static void A_file_that_is_not_a_node_store_starts_everything_clean()
        {
            var storage = new MemoryStorage();
            storage.Write(NodeStore.FileName, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 12);

            var state = new NodeState();
            var pending = Pending();
            var buffer = Samples(2);
            Assert.AreEqual(0, new NodeStore(Capacity).Load(storage, state, pending, buffer));
            Assert.AreEqual(0, state.Sequence);
            Assert.AreEqual(0, pending.Count);
            Assert.AreEqual(0, buffer.Count);
        }

        [TestMethod]
        public static void A_node_upgraded_in_the_field_reads_its_three_files_once_then_deletes_them()
        {
            var storage = new MemoryStorage();
            WriteLegacy(storage);

            // A PIR wake before the first regular one reads the old state and moves all three into node.bin.
            NodeState pir = NodeState.Load(storage);
            Assert.AreEqual(42, pir.Sequence);
            pir.PendingMotion = 1;
            NodeStore.SaveState(storage, pir);
            AssertLegacyGone(storage);

            var state = new NodeState();
            var pending = new PendingFrames();
            var buffer = new SampleBuffer(Capacity);
            new NodeStore(Capacity).Load(storage, state, pending, buffer);
            Assert.AreEqual(42, state.Sequence);
            Assert.AreEqual(1, state.PendingMotion);
            Assert.AreEqual(1, pending.Count);
            Assert.AreEqual(2, pending.Samples(0));
            Assert.AreEqual(5, buffer.Count);
            Assert.AreEqual(21.5, buffer[1].GetValue(Fields.Temperature));
        }

        [TestMethod]
        public static void A_regular_wake_after_the_upgrade_moves_the_three_files_with_its_one_write()
        {
            var storage = new MemoryStorage();
            WriteLegacy(storage);
            int writes = storage.Writes;

            var store = new NodeStore(Capacity);
            var state = new NodeState();
            var pending = new PendingFrames();
            var buffer = new SampleBuffer(Capacity);
            store.Load(storage, state, pending, buffer);
            Assert.AreEqual(42, state.Sequence);
            Assert.AreEqual(5, buffer.Count);
            Assert.IsTrue(storage.Read(NodeState.LegacyName, new byte[0]) > 0, "kept until node.bin holds them");

            store.Save(storage, state, pending, buffer);
            Assert.AreEqual(writes + 1, storage.Writes);
            AssertLegacyGone(storage);
            var again = new NodeState();
            new NodeStore(Capacity).Load(storage, again, pending, buffer);
            Assert.AreEqual(42, again.Sequence);
            Assert.AreEqual(1, pending.Count);
            Assert.AreEqual(5, buffer.Count);
        }

        [TestMethod]
        public static void A_migration_cut_short_before_its_deletes_is_finished_by_the_next_wake()
        {
            var storage = new MemoryStorage();
            WriteLegacy(storage);
            new NodeStore(Capacity).Save(storage, State(), Pending(), Samples(5));

            // node.bin was written, then the node reset before the old files were deleted (Save had not read them).
            Assert.IsTrue(storage.Read(NodeState.LegacyName, new byte[0]) > 0);
            var store = new NodeStore(Capacity);
            var state = new NodeState();
            var pending = new PendingFrames();
            var buffer = new SampleBuffer(Capacity);
            store.Load(storage, state, pending, buffer);
            store.Save(storage, state, pending, buffer);
            AssertLegacyGone(storage);
            Assert.AreEqual(42, state.Sequence, "node.bin, not the old files, is what the wake read");
        }

        /// <summary>state.bin, pending.bin and samples.bin as the firmware before wrote them (the formats are the sections').</summary>
        private static void WriteLegacy(MemoryStorage storage)
        {
            byte[] data = new byte[SampleBuffer.ImageSize(Capacity)];
            State().Write(data, 0);
            storage.Write(NodeState.LegacyName, data, NodeState.Size);
            storage.Write(PendingFrames.LegacyName, data, Pending().Write(data, 0));
            storage.Write(SampleBuffer.LegacyName, data, Samples(5).Write(data, 0));
        }

        private static void AssertLegacyGone(MemoryStorage storage)
        {
            Assert.AreEqual(-1, storage.Read(NodeState.LegacyName, new byte[0]));
            Assert.AreEqual(-1, storage.Read(PendingFrames.LegacyName, new byte[0]));
            Assert.AreEqual(-1, storage.Read(SampleBuffer.LegacyName, new byte[0]));
        }
    }
}
