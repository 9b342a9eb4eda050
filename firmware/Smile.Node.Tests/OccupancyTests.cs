using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    [TestClass]
    public class OccupancyTests
    {
        [TestMethod]
        public static void Presence_holds_after_the_last_motion_then_ends()
        {
            var occupancy = new Occupancy(120);
            Assert.IsFalse(occupancy.Present(0));
            occupancy.Motion(10);
            Assert.IsTrue(occupancy.Present(100));
            Assert.IsTrue(occupancy.Present(130));
            Assert.IsFalse(occupancy.Present(131));
        }

        [TestMethod]
        public static void Motion_count_is_per_interval_and_saturates()
        {
            var occupancy = new Occupancy(60);
            for (int i = 0; i < 300; i++)
            {
                occupancy.Motion(i);
            }

            Assert.AreEqual(255, occupancy.TakeCount());
            Assert.AreEqual(0, occupancy.TakeCount());
        }

        [TestMethod]
        public static void Presence_and_counts_carry_across_deep_sleep()
        {
            var occupancy = new Occupancy(120);
            occupancy.Restore(500, 3);
            Assert.IsTrue(occupancy.Present(600));
            Assert.AreEqual(3, occupancy.TakeCount());
        }
    }
}
