using System;
using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>
    /// What a LoRaWAN wake spends (issue 16): the ESP32 light-sleeps through the modem's receive windows instead of
    /// waiting awake, the modem sleeps between uplinks, and neither costs a frame when the modem misbehaves.
    /// </summary>
    [TestClass]
    public class ModemSleepTests
    {
        private static NodeConfig Config()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SampleIntervalSeconds = 300;
            config.SendIntervalSeconds = 900;
            return config;
        }

        private static NodeCycle Node(NodeConfig config, VirtualClock clock, SimulatedWioE5 modem, ILightSleep nap)
        {
            var transport = new LoRaWanTransport(new WioE5Modem(modem, nap), new Random(3), config);
            return new NodeCycle(config, clock, new MemoryStorage(), new FixedSensor(clock), new Occupancy(120), null, transport);
        }

        /// <summary>One wake: its phase times start from zero; sleeps what the cycle asked for.</summary>
        private static void Wake(NodeCycle node, VirtualClock clock, bool coldBoot)
        {
            clock.ClearPhases();
            clock.Sleep(node.Run(coldBoot, coldBoot ? ResetReason.PowerOn : ResetReason.DeepSleepWake));
        }

        private static long AwakeAndWaiting(VirtualClock clock) => clock.PhaseMs[NodePhase.ModemWait];

        [TestMethod]
        public static void A_send_wake_light_sleeps_through_the_receive_windows()
        {
            NodeConfig config = Config();
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock) { SpreadingFactor = 7 };
            var nap = new SimulatedLightSleep(clock);
            NodeCycle node = Node(config, clock, modem, nap);
            Wake(node, clock, true);
            for (int i = 0; i < 3; i++)
            {
                Wake(node, clock, false);
            }

            Assert.AreEqual(1, node.FramesSent, "the third sample wake sends the batch");
            Assert.IsTrue(clock.PhaseMs[NodePhase.LightSleep] >= WioE5Modem.WindowsNapMs, "light sleep " + clock.PhaseMs[NodePhase.LightSleep].ToString());

            // Awake, the ESP32 waited for "Done" from Start to the end of RX2: about airtime + 2.3 s. Now what is
            // left after the nap: the rest of RX2 and the replies.
            Assert.IsTrue(AwakeAndWaiting(clock) < 1000, "awake waiting for the modem " + AwakeAndWaiting(clock).ToString() + " ms");
            Assert.AreEqual(0, node.Buffer.Count, "the batch left");
        }

        [TestMethod]
        public static void The_modem_sleeps_between_uplinks_and_sample_wakes_leave_it_asleep()
        {
            NodeConfig config = Config();
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            NodeCycle node = Node(config, clock, modem, new SimulatedLightSleep(clock));
            Wake(node, clock, true);
            Assert.IsTrue(modem.Asleep, "asleep after the first send wake");
            int sent = modem.Sent.Count;

            Wake(node, clock, false);
            Assert.AreEqual(0, node.FramesSent);
            Assert.IsTrue(modem.Asleep, "a sample-only wake does not talk to the modem");

            Wake(node, clock, false);
            Wake(node, clock, false);
            Assert.AreEqual(1, node.FramesSent, "the wake line woke it; the frame went");
            Assert.AreEqual(sent + 1, modem.Sent.Count);
            Assert.IsTrue(modem.Asleep, "and it sleeps again");
            Assert.AreEqual(2, modem.Sleeps);
        }

        [TestMethod]
        public static void A_modem_that_restarted_while_the_node_slept_costs_no_sample()
        {
            NodeConfig config = Config();
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            NodeCycle node = Node(config, clock, modem, new SimulatedLightSleep(clock));
            Wake(node, clock, true);
            int joins = modem.JoinRequests;

            // A brown-out restarts the modem: awake, no session. The next send wake learns it from "Please join
            // network first", keeps its samples and joins again; nothing is lost and numbers go on.
            modem.Restart();
            for (int i = 0; i < 7; i++)
            {
                Wake(node, clock, false);
            }

            Assert.IsTrue(modem.JoinRequests > joins, "joined again");
            Assert.AreEqual(0, node.Buffer.Count, "every sample left");
            Assert.AreEqual(0, node.State.DroppedSamples);
            int samples = 0;
            for (int i = 1; i < modem.Sent.Count; i++)
            {
                DecodeResult frame = FrameDecoder.Decode(NodeCycleTests.FromHex((string)modem.Sent[i]!));
                samples += frame.Frame!.SampleCount;
            }

            Assert.AreEqual(8, samples, "each of the 8 samples sent once");
        }

        [TestMethod]
        public static void A_done_lost_while_the_node_napped_still_counts_the_frame_and_bounds_the_wait()
        {
            NodeConfig config = Config();
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var nap = new ResettingNap(clock, modem);
            NodeCycle node = Node(config, clock, modem, nap);
            Wake(node, clock, true);
            int sequenceBefore = node.State.Sequence;

            nap.ResetModem = true;
            Wake(node, clock, false);
            Wake(node, clock, false);
            Wake(node, clock, false);

            // The frame was on air ("Start" came); its Done died with the modem. The node waits AfterNapMs at
            // most, counts the frame as sent (a resend under a new number would duplicate it), and sleeps.
            Assert.AreEqual(1, node.FramesSent);
            Assert.AreEqual((sequenceBefore + 1) & FrameFormat.MaxSequence, node.State.Sequence);
            Assert.IsTrue(clock.PhaseMs[NodePhase.ModemWait] <= WioE5Modem.AfterNapMs + LoRaWanTransport.SleepTimeoutMs + 100,
                "waited " + clock.PhaseMs[NodePhase.ModemWait].ToString() + " ms");
        }

        [TestMethod]
        public static void A_rak3172_is_told_to_sleep_by_itself_with_its_identity()
        {
            var clock = new VirtualClock();
            var rak = new SimulatedRak3172(clock);
            var transport = new LoRaWanTransport(new Rak3172Modem(rak, new SimulatedLightSleep(clock)), new Random(1), ConfigTests.LoRaConfig());
            Assert.IsTrue(transport.Open(new NodeState(), 0, 20000));
            Assert.IsTrue(rak.AutoSleep, "AT+LPM=1");
        }

        /// <summary>Light sleep during which, once armed, the modem restarts: what it was about to print is gone.</summary>
        private sealed class ResettingNap : ILightSleep
        {
            private readonly VirtualClock _clock;
            private readonly SimulatedWioE5 _modem;

            public ResettingNap(VirtualClock clock, SimulatedWioE5 modem)
            {
                _clock = clock;
                _modem = modem;
            }

            public bool ResetModem { get; set; }

            public void Nap(int milliseconds)
            {
                _clock.Spend(milliseconds, NodePhase.LightSleep);
                if (ResetModem)
                {
                    ResetModem = false;
                    _modem.Restart();
                }
            }
        }
    }
}
