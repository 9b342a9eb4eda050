using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    [TestClass]
    public class BufferTests
    {
        [TestMethod]
        public static void A_full_buffer_drops_the_oldest_and_says_so()
        {
            var buffer = new SampleBuffer(3);
            int dropped = 0;
            for (int i = 0; i < 5; i++)
            {
                Sample slot;
                dropped += buffer.Append(out slot) ? 1 : 0;
                slot.Time = i;
            }

            Assert.AreEqual(2, dropped);
            Assert.AreEqual(3, buffer.Count);
            Assert.AreEqual(2L, buffer[0].Time);
            Assert.AreEqual(4L, buffer[2].Time);
        }

        [TestMethod]
        public static void Samples_survive_a_reboot_in_order_with_their_readings()
        {
            var storage = new MemoryStorage();
            var before = new SampleBuffer(10);
            for (int i = 0; i < 4; i++)
            {
                Sample slot;
                before.Append(out slot);
                slot.Time = 100 + i;
                slot.SetValue(Fields.Temperature, -5.25 + i);
                slot.Set(Fields.Presence, i % 2);
            }

            before.RemoveOldest(1);
            new NodeStore(10).Save(storage, new NodeState(), new PendingFrames(), before);

            var after = new SampleBuffer(10);
            Assert.AreEqual(0, new NodeStore(10).Load(storage, new NodeState(), new PendingFrames(), after));
            Assert.AreEqual(3, after.Count);
            Assert.AreEqual(101L, after[0].Time);
            Assert.AreEqual(-4.25, after[0].GetValue(Fields.Temperature));
            Assert.AreEqual(1, after[0].Get(Fields.Presence));
            Assert.IsFalse(after[0].Has(Fields.Humidity));
        }

        [TestMethod]
        public static void A_smaller_buffer_after_reconfiguration_keeps_the_newest()
        {
            var storage = new MemoryStorage();
            var big = new SampleBuffer(10);
            for (int i = 0; i < 6; i++)
            {
                Sample slot;
                big.Append(out slot);
                slot.Time = i;
            }

            new NodeStore(10).Save(storage, new NodeState(), new PendingFrames(), big);
            var small = new SampleBuffer(4);
            Assert.AreEqual(2, new NodeStore(4).Load(storage, new NodeState(), new PendingFrames(), small));
            Assert.AreEqual(2L, small[0].Time);
        }
    }
}
