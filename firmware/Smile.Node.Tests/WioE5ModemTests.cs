using nanoFramework.TestFramework;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>The Wio-E5 driver against a modem that prints what a real one prints, when it prints it.</summary>
    [TestClass]
    public class WioE5ModemTests
    {
        private static SerialTranscript Joined(VirtualClock clock, SimulatedWioE5 sim)
        {
            var line = new SerialTranscript(sim);
            var reply = new ModemReply();
            new WioE5Modem(line).Join(10000, reply);
            Assert.AreEqual(ModemReply.Joined, reply.Status);
            line.Read.Clear();
            return line;
        }

        [TestMethod]
        public static void An_unconfirmed_uplink_without_downlink_prints_no_rssi_and_is_sent()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock);
            SerialTranscript line = Joined(clock, sim);
            var reply = new ModemReply();

            new WioE5Modem(line).Send(1, new byte[] { 1, 2, 3 }, 0, 3, 10000, reply);

            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual(3, line.Read.Count, "+PORT, Start, Done");
            Assert.AreEqual("+MSGHEX: Start", (string)line.Read[1]!);
            Assert.AreEqual("+MSGHEX: Done", (string)line.Read[2]!);
            Assert.IsFalse(line.ReadAny("RSSI"));
            Assert.IsFalse(reply.HasSignal, "link quality unknown");
            Assert.IsFalse(reply.HasDownlink);
        }

        [TestMethod]
        public static void A_downlink_prints_payload_and_rssi_just_before_done_and_the_driver_reads_both()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock) { DownlinkRssi = -84, DownlinkSnrTenths = -165 };
            SerialTranscript line = Joined(clock, sim);
            var reply = new ModemReply();
            sim.Downlink(2, "3e9999010101");

            new WioE5Modem(line).Send(1, new byte[] { 1 }, 0, 1, 10000, reply);

            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual("+MSGHEX: PORT: 2; RX: \"3E9999010101\"", (string)line.Read[2]!);
            Assert.AreEqual("+MSGHEX: RXWIN1, RSSI -84, SNR -16.5", (string)line.Read[3]!);
            Assert.AreEqual("+MSGHEX: Done", (string)line.Read[4]!);
            Assert.IsTrue(reply.HasSignal);
            Assert.AreEqual(-84, reply.RssiDbm);
            Assert.IsTrue(reply.HasDownlink);
            Assert.AreEqual(2, reply.DownlinkPort);
            Assert.AreEqual(6, reply.DownlinkLength);
            Assert.AreEqual((byte)0x3E, reply.Downlink[0]);
            Assert.AreEqual((byte)0x01, reply.Downlink[5]);

            // Only that uplink's windows had the frame: the next one is back to Start, Done.
            new WioE5Modem(line).Send(1, new byte[] { 1 }, 0, 1, 10000, reply);
            Assert.IsFalse(reply.HasSignal);
        }

        [TestMethod]
        public static void The_driver_reads_a_downlink_in_either_order_and_either_case()
        {
            var reply = new ModemReply();
            var modem = new WioE5Modem(new ScriptedSerialLine(new string[]
            {
                "+PORT: 1", "+MSGHEX: Start", "+MSGHEX: RXWIN2, RSSI -101, SNR -16.0", "+MSGHEX: PORT: 7; RX: \"ab 0c\"", "+MSGHEX: Done",
            }));

            modem.Send(1, new byte[] { 1 }, 0, 1, 1000, reply);

            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual(-101, reply.RssiDbm);
            Assert.AreEqual(7, reply.DownlinkPort);
            Assert.AreEqual(2, reply.DownlinkLength);
            Assert.AreEqual((byte)0xAB, reply.Downlink[0]);
            Assert.AreEqual((byte)0x0C, reply.Downlink[1]);
        }

        [TestMethod]
        public static void A_frame_without_payload_gives_a_signal_but_no_downlink()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock);
            SerialTranscript line = Joined(clock, sim);
            var reply = new ModemReply();
            sim.Downlink(0, "");
            sim.Downlink(3, "01");

            new WioE5Modem(line).Send(1, new byte[] { 1 }, 0, 1, 10000, reply);

            Assert.IsTrue(line.ReadAny("FPENDING"), "the network has more");
            Assert.IsFalse(line.ReadAny("RX:"), "no PORT/RX line");
            Assert.IsTrue(reply.HasSignal);
            Assert.IsFalse(reply.HasDownlink);
        }

        private static long Waited(VirtualClock clock) => clock.AwakeMs - clock.PhaseMs[NodePhase.Uart];

        [TestMethod]
        public static void Done_comes_after_the_module_default_receive_windows()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock);
            var modem = new WioE5Modem(sim);
            var reply = new ModemReply();

            // Waits only: the AT lines' own time on the 9600-baud UART comes on top.
            long start = Waited(clock);
            modem.Join(10000, reply);
            long join = Waited(clock) - start;
            Assert.IsTrue(join > SimulatedWioE5.JoinRx1DelayMs && join < SimulatedWioE5.JoinRx2DelayMs, "join accept in JRX1: " + join.ToString());

            long airtime = LoRaAirtime.Ms(10, 13 + 10, true);
            start = Waited(clock);
            modem.Send(1, new byte[10], 0, 10, 10000, reply);
            long empty = Waited(clock) - start;
            Assert.IsTrue(empty >= airtime + 2000 && empty < airtime + 3000, "RX1 and RX2 empty: " + empty.ToString());

            sim.Downlink(1, "00");
            start = Waited(clock);
            modem.Send(1, new byte[10], 0, 10, 10000, reply);
            long rx1 = Waited(clock) - start;
            Assert.IsTrue(rx1 >= airtime + 1000 && rx1 < airtime + 2000, "a frame in RX1: " + rx1.ToString());

            var fresh = new WioE5Modem(new SimulatedWioE5(clock) { FailJoins = 1 });
            start = clock.AwakeMs;
            fresh.Join(10000, reply);
            Assert.AreEqual(ModemReply.JoinFailed, reply.Status);
            Assert.IsTrue(clock.AwakeMs - start > SimulatedWioE5.JoinRx2DelayMs, "no accept in JRX1 or JRX2");
        }

        [TestMethod]
        public static void A_message_while_the_last_one_has_its_windows_ahead_is_refused_as_busy_and_the_late_lines_are_skipped()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock);
            var modem = new WioE5Modem(sim);
            var reply = new ModemReply();
            modem.Join(10000, reply);

            // The node stops waiting after a second; the modem still has RX1 and RX2 ahead.
            modem.Send(1, new byte[] { 1 }, 0, 1, 1000, reply);
            Assert.AreEqual(ModemReply.Timeout, reply.Status);
            modem.Send(1, new byte[] { 2 }, 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Busy, reply.Status);
            Assert.AreEqual(1, sim.Sent.Count, "refused, not queued");

            // At the next wake the first message's Done is still in the buffer; the next send reads past it.
            clock.Spend(5000);
            modem.Send(1, new byte[] { 3 }, 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual(2, sim.Sent.Count);
            Assert.AreEqual(0, sim.Unread);
        }
    }
}
