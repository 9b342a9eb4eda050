using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>Wi-Fi nodes keep samples until the gateway's acknowledgement names their frame.</summary>
    [TestClass]
    public class WifiTests
    {
        private static NodeCycle Node(VirtualClock clock, MemoryStorage storage, SimulatedMqttLink link)
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.Transport = "wifi";
            config.SendIntervalSeconds = 300;
            config.StatusEveryCycles = 10000;
            return new NodeCycle(config, clock, storage, new FixedSensor(clock), new Occupancy(120), null, new WifiMqttTransport(link));
        }

        [TestMethod]
        public static void Acknowledged_frames_free_their_samples()
        {
            var clock = new VirtualClock();
            var link = new SimulatedMqttLink(clock);
            var node = Node(clock, new MemoryStorage(), link);
            for (int i = 0; i < 5; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }

            Assert.AreEqual(0, node.Buffer.Count);
            Assert.AreEqual(0, node.Pending.Count);
            Assert.AreEqual(5, link.Delivered);
        }

        [TestMethod]
        public static void Once_sntp_sets_the_clock_frames_carry_unix_times_including_samples_taken_before()
        {
            var clock = new VirtualClock();
            var link = new SimulatedMqttLink(clock) { WifiDown = true };
            var node = Node(clock, new MemoryStorage(), link);
            for (int i = 0; i < 3; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }

            const long sntp = 1790000000;
            link.WifiDown = false;
            link.SntpUnixSeconds = sntp;
            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));

            Frame frame = link.LastFrame!;
            Assert.IsTrue(frame.ClockSynced);
            Assert.AreEqual(4, frame.SampleCount);
            long newest = frame.Samples[3].Time;
            // The sample was taken before Wi-Fi connected, SNTP set the clock at the end of the connection.
            Assert.IsTrue(newest >= sntp - SimulatedMqttLink.ConnectMs / 1000 - 1 && newest <= sntp, "newest sample at " + newest.ToString());
            Assert.IsTrue(frame.Samples[3].Time - frame.Samples[0].Time >= 3 * 290, "steps kept across the clock step");

            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));

            Assert.IsTrue(link.LastFrame!.ClockSynced);
            long next = link.LastFrame.Samples[link.LastFrame.SampleCount - 1].Time;
            Assert.IsTrue(next - newest >= 290 && next - newest <= 310, "next sample " + (next - newest).ToString() + " s later");
        }

        [TestMethod]
        public static void A_frame_lost_after_the_broker_is_sent_again_with_its_own_sequence_number()
        {
            var clock = new VirtualClock();
            var link = new SimulatedMqttLink(clock);
            var node = Node(clock, new MemoryStorage(), link);
            clock.Sleep(node.Run(true, ResetReason.PowerOn));
            link.LoseFrames = 1;
            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            Assert.AreEqual(1, node.Buffer.Count, "the lost frame's sample waits");
            Assert.AreEqual(1, node.Pending.Count);
            int lostSequence = node.Pending.Sequence(0);

            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));

            Assert.AreEqual(0, node.Buffer.Count);
            Assert.AreEqual(3, link.Delivered, "every sample once, none twice");
            Assert.AreEqual(lostSequence + 2, node.State.Sequence, "the resend reused the lost frame's number");
        }

        [TestMethod]
        public static void Without_wifi_samples_wait_across_reboots_and_leave_when_it_returns()
        {
            var clock = new VirtualClock();
            var storage = new MemoryStorage();
            var link = new SimulatedMqttLink(clock) { WifiDown = true };
            for (int i = 0; i < 6; i++)
            {
                clock.Sleep(Node(clock, storage, link).Run(i == 0, ResetReason.PowerOn));
            }

            link.WifiDown = false;
            var node = Node(clock, storage, link);
            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));

            Assert.AreEqual(7, link.Delivered);
            Assert.AreEqual(0, node.Buffer.Count);
        }

        [TestMethod]
        public static void The_ack_names_the_newest_frame_and_the_16_before_it()
        {
            var ack = new byte[] { 0x00, 0x41, 0x00, 0x0F };
            Assert.IsTrue(NodeAck.Names(ack, 4, 1));
            Assert.IsTrue(NodeAck.Names(ack, 0, 1));
            Assert.IsFalse(NodeAck.Names(ack, 4, 2), "another boot");
            Assert.IsFalse(NodeAck.Names(new byte[] { 0x00, 0x41, 0x00, 0x0D }, 2, 1), "bit 1 clear: sequence 2 not held");

            var pending = new PendingFrames();
            pending.Add(0, 1, 3);
            pending.Add(5, 1, 2);
            Assert.IsTrue(pending.OldestAcknowledgedBy(ack));
            pending.RemoveFirst();
            Assert.IsFalse(pending.OldestAcknowledgedBy(ack), "sequence 5 is newer than the ack");
            pending.RemoveFirst();
            Assert.IsFalse(pending.OldestAcknowledgedBy(ack), "nothing pending");
        }
    }
}
