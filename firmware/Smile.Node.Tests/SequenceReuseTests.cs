using System;
using System.Collections;
using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>
    /// A send that ends without a definite answer (the wake budget ran out before the modem's Start, its answer was
    /// lost on the UART, a PUBACK never came) may have put the frame on air. The gateway de-duplicates by (node,
    /// boot, sequence) alone, so the node must never send other samples under that number: every sample arrives, and
    /// no number names two frames.
    /// </summary>
    [TestClass]
    public class SequenceReuseTests
    {
        private const int Wakes = 4;

        private static NodeConfig Config(string modem)
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.Modem = modem;
            config.SendIntervalSeconds = 60;
            return config;
        }

        /// <summary>Runs the wakes (the first a cold boot) and hands the frames the modem put on air to the gateway.</summary>
        private static GatewayLedger RunLoRa(VirtualClock clock, ArrayList sentHex, NodeCycle node)
        {
            for (int i = 0; i < Wakes; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }

            var gateway = new GatewayLedger();
            for (int i = 0; i < sentHex.Count; i++)
            {
                gateway.Receive(NodeCycleTests.FromHex((string)sentHex[i]!));
            }

            return gateway;
        }

        private static NodeCycle Node(NodeConfig config, VirtualClock clock, ILoRaModem modem)
        {
            var transport = new LoRaWanTransport(modem, new Random(3), config);
            return new NodeCycle(config, clock, new MemoryStorage(), new FixedSensor(clock), new Occupancy(120), null, transport);
        }

        private static void AssertEverySampleArrivesOnce(GatewayLedger gateway, NodeCycle node)
        {
            Assert.AreEqual(Wakes, gateway.SamplesKept + node.Buffer.Count, "samples kept by the gateway or still on the node");
            Assert.AreEqual(0, gateway.SamplesKeptTwice);
        }

        [TestMethod]
        public static void A_wake_budget_that_ends_before_the_wio_e5_starts_the_uplink_never_reuses_its_number()
        {
            // A first run finds the moment the measurement frame's send begins (the status frame's is the first).
            var probeClock = new VirtualClock();
            var probeLine = new UnreliableLine(new SimulatedWioE5(probeClock), probeClock, "AT+MSGHEX");
            NodeConfig config = Config("wio-e5");
            Node(config, probeClock, new WioE5Modem(probeLine)).Run(true, ResetReason.PowerOn);
            long sendBegins = probeLine.AwakeMsBeforeLine("AT+PORT", 2);
            Assert.IsTrue(sendBegins > 0);

            // The budget ends 60 ms into that send: after AT+MSGHEX, before the E5's Start (100 ms after the command).
            // The modem transmits all the same; later wakes have time enough.
            var clock = new VirtualClock();
            var wio = new SimulatedWioE5(clock);
            config.WakeBudgetMs = (int)sendBegins + 60;
            NodeCycle node = Node(config, clock, new WioE5Modem(wio));
            clock.Sleep(node.Run(true, ResetReason.PowerOn));
            Assert.AreEqual(2, wio.Sent.Count, "the status frame and the cut-short measurement frame went on air");
            config.WakeBudgetMs = 20000;
            for (int i = 1; i < Wakes; i++)
            {
                clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            }

            var gateway = new GatewayLedger();
            for (int i = 0; i < wio.Sent.Count; i++)
            {
                gateway.Receive(NodeCycleTests.FromHex((string)wio.Sent[i]!));
            }

            AssertEverySampleArrivesOnce(gateway, node);
        }

        [TestMethod]
        public static void A_lost_answer_to_the_wio_e5s_measurement_uplink_never_reuses_its_number()
        {
            var clock = new VirtualClock();
            var wio = new SimulatedWioE5(clock);
            var line = new UnreliableLine(wio, clock, "AT+MSGHEX") { LoseAnswersToSend = 2 };
            NodeConfig config = Config("wio-e5");
            NodeCycle node = Node(config, clock, new WioE5Modem(line));

            GatewayLedger gateway = RunLoRa(clock, wio.Sent, node);

            AssertEverySampleArrivesOnce(gateway, node);
        }

        [TestMethod]
        public static void A_lost_answer_to_the_status_uplink_never_lends_its_number_to_the_next_frame()
        {
            var clock = new VirtualClock();
            var wio = new SimulatedWioE5(clock);
            var line = new UnreliableLine(wio, clock, "AT+MSGHEX") { LoseAnswersToSend = 1 };
            NodeConfig config = Config("wio-e5");
            NodeCycle node = Node(config, clock, new WioE5Modem(line));

            GatewayLedger gateway = RunLoRa(clock, wio.Sent, node);

            AssertEverySampleArrivesOnce(gateway, node);
        }

        [TestMethod]
        public static void A_frame_that_no_longer_fits_under_its_spent_number_gives_it_up_and_its_samples_take_new_ones()
        {
            var clock = new VirtualClock();
            var wio = new SimulatedWioE5(clock);
            var line = new UnreliableLine(wio, clock, "AT+MSGHEX") { LoseAnswersToSend = 3 };
            NodeConfig config = Config("wio-e5");
            config.SendIntervalSeconds = 1200;
            NodeCycle node = Node(config, clock, new WioE5Modem(line));

            // Wake 1 sends the status and one sample, wake 5 four samples in one frame, whose answers are lost.
            for (int i = 0; i < 5; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }

            Assert.AreEqual(1, node.Pending.Count);

            // The data rate falls: the four samples no longer go into one frame under their number.
            wio.MaxPayload = 15;
            for (int i = 0; i < 5; i++)
            {
                clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            }

            var gateway = new GatewayLedger();
            for (int i = 0; i < wio.Sent.Count; i++)
            {
                gateway.Receive(NodeCycleTests.FromHex((string)wio.Sent[i]!));
            }

            Assert.AreEqual(0, node.Pending.Count);
            Assert.AreEqual(10, gateway.SamplesKept + node.Buffer.Count, "samples kept by the gateway or still on the node");
            Assert.AreEqual(4, gateway.SamplesKeptTwice, "the first copy arrived: its samples again, under new numbers");
        }

        [TestMethod]
        public static void A_lost_answer_to_the_rak3172s_measurement_uplink_never_reuses_its_number()
        {
            var clock = new VirtualClock();
            var rak = new SimulatedRak3172(clock);
            var line = new UnreliableLine(rak, clock, "AT+SEND=") { LoseAnswersToSend = 2 };
            NodeConfig config = Config("rak3172");
            NodeCycle node = Node(config, clock, new Rak3172Modem(line));

            GatewayLedger gateway = RunLoRa(clock, rak.Sent, node);

            AssertEverySampleArrivesOnce(gateway, node);
        }

        [TestMethod]
        public static void A_lost_puback_never_lets_a_wifi_node_reuse_a_number()
        {
            var clock = new VirtualClock();
            var link = new SimulatedMqttLink(clock) { LosePubacks = 1 };
            NodeConfig config = Config("wio-e5");
            config.Transport = "wifi";
            var node = new NodeCycle(config, clock, new MemoryStorage(), new FixedSensor(clock), new Occupancy(120), null, new WifiMqttTransport(link));
            for (int i = 0; i < Wakes; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }

            var gateway = new GatewayLedger();
            for (int i = 0; i < link.Frames.Count; i++)
            {
                gateway.Receive((byte[])link.Frames[i]!);
            }

            AssertEverySampleArrivesOnce(gateway, node);
        }

        [TestMethod]
        public static void A_lost_puback_of_a_measurement_frame_never_lets_a_wifi_node_reuse_its_number()
        {
            var clock = new VirtualClock();
            var link = new SimulatedMqttLink(clock);
            NodeConfig config = Config("wio-e5");
            config.Transport = "wifi";
            var node = new NodeCycle(config, clock, new MemoryStorage(), new FixedSensor(clock), new Occupancy(120), null, new WifiMqttTransport(link));
            clock.Sleep(node.Run(true, ResetReason.PowerOn));
            link.LosePubacks = 1;
            for (int i = 1; i < Wakes; i++)
            {
                clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            }

            var gateway = new GatewayLedger();
            for (int i = 0; i < link.Frames.Count; i++)
            {
                gateway.Receive((byte[])link.Frames[i]!);
            }

            AssertEverySampleArrivesOnce(gateway, node);
        }
    }
}
