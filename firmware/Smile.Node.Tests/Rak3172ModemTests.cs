using nanoFramework.TestFramework;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>The RAK3172 driver against a modem that answers and reports events as RUI3 does, when it does.</summary>
    [TestClass]
    public class Rak3172ModemTests
    {
        private static SerialTranscript Joined(SimulatedRak3172 sim)
        {
            var line = new SerialTranscript(sim);
            var reply = new ModemReply();
            new Rak3172Modem(line).Join(10000, reply);
            Assert.AreEqual(ModemReply.Joined, reply.Status);
            line.Read.Clear();
            line.Written.Clear();
            return line;
        }

        [TestMethod]
        public static void No_downlink_asked_for_no_rx_event()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock);
            SerialTranscript line = Joined(sim);
            var reply = new ModemReply();

            new Rak3172Modem(line).Send(1, new byte[] { 1, 2 }, 0, 2, 10000, reply);

            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual(2, line.Read.Count, "OK, TX_DONE");
            Assert.AreEqual("OK", (string)line.Read[0]!);
            Assert.AreEqual("+EVT:TX_DONE", (string)line.Read[1]!);
            Assert.IsTrue(sim.ReadLine(60000) == null, "nothing more, however long one waits");
            Assert.IsFalse(reply.HasSignal);
            Assert.IsFalse(reply.HasDownlink);
        }

        [TestMethod]
        public static void A_downlink_event_before_or_after_the_send_event_in_either_case_is_read()
        {
            foreach (bool before in new bool[] { false, true })
            {
                foreach (bool upper in new bool[] { false, true })
                {
                    var clock = new VirtualClock();
                    var sim = new SimulatedRak3172(clock) { RxBeforeDone = before, UpperCaseHex = upper };
                    SerialTranscript line = Joined(sim);
                    var reply = new ModemReply();
                    sim.Downlink(2, "aBcD");

                    new Rak3172Modem(line).Send(1, new byte[] { 1 }, 0, 1, 10000, reply);

                    string variant = "before " + before.ToString() + ", upper " + upper.ToString();
                    Assert.AreEqual(ModemReply.Ok, reply.Status, variant);
                    Assert.AreEqual(upper ? "+EVT:RX_1:-70:8:UNICAST:2:ABCD" : "+EVT:RX_1:-70:8:UNICAST:2:abcd", (string)line.Read[before ? 1 : 2]!, variant);
                    Assert.IsTrue(reply.HasDownlink, variant);
                    Assert.AreEqual(2, reply.DownlinkPort, variant);
                    Assert.AreEqual(2, reply.DownlinkLength, variant);
                    Assert.AreEqual((byte)0xAB, reply.Downlink[0], variant);
                    Assert.AreEqual((byte)0xCD, reply.Downlink[1], variant);
                    Assert.AreEqual(-70, reply.RssiDbm, variant);
                    Assert.AreEqual(0, sim.Unread, "no event left for the next command: " + variant);
                }
            }
        }

        [TestMethod]
        public static void A_send_during_the_last_ones_receive_windows_waits_for_them_then_goes()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock);
            SerialTranscript line = Joined(sim);
            var modem = new Rak3172Modem(line);
            var reply = new ModemReply();

            // The node stops waiting after a second: the modem has RX1 and RX2 still ahead.
            modem.Send(1, new byte[] { 1 }, 0, 1, 1000, reply);
            Assert.AreEqual(ModemReply.Timeout, reply.Status);

            modem.Send(1, new byte[] { 2 }, 0, 1, 10000, reply);

            Assert.IsTrue(line.ReadAny("AT_BUSY_ERROR"), "the modem refused while the windows were open");
            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual(2, sim.Sent.Count);
            Assert.AreEqual(3, line.Written.Count, "the refused command once more, after the first send's event");
        }

        [TestMethod]
        public static void A_modem_that_stays_busy_costs_the_timeout_and_no_more()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock);
            var modem = new Rak3172Modem(Joined(sim));
            var reply = new ModemReply();
            sim.Busy = true;

            long start = clock.AwakeMs;
            modem.Send(1, new byte[] { 1 }, 0, 1, 3000, reply);

            Assert.AreEqual(ModemReply.Busy, reply.Status);
            Assert.IsTrue(clock.AwakeMs - start <= 3000 + 10, "waited " + (clock.AwakeMs - start).ToString() + " ms");
            Assert.AreEqual(0, sim.Sent.Count);
        }

        [TestMethod]
        public static void Ports_and_payload_lengths_outside_the_modems_range_are_refused()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock) { MaxPayload = 255 };
            SerialTranscript line = Joined(sim);
            var modem = new Rak3172Modem(line);
            var reply = new ModemReply();

            modem.Send(0, new byte[1], 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Error, reply.Status);
            modem.Send(234, new byte[1], 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Error, reply.Status);
            modem.Send(1, new byte[251], 0, 251, 10000, reply);
            Assert.AreEqual(ModemReply.LengthError, reply.Status);
            Assert.AreEqual(Rak3172Modem.MaxSendBytes, reply.MaxPayload);
            Assert.AreEqual(0, line.Written.Count, "refused before anything went to the modem");

            modem.Send(233, new byte[250], 0, 250, 10000, reply);
            Assert.AreEqual(ModemReply.Ok, reply.Status);

            // The modem itself, for a driver that would not check.
            Assert.AreEqual("AT_PARAM_ERROR", Answer(sim, "AT+SEND=234:AB"));
            Assert.AreEqual("AT_PARAM_ERROR", Answer(sim, "AT+SEND=0:AB"));
            Assert.AreEqual("AT_PARAM_ERROR", Answer(sim, "AT+SEND=1:ABC"));
            Assert.AreEqual("AT_PARAM_ERROR", Answer(sim, "AT+SEND=1:" + new string('A', 502)));
            Assert.AreEqual("AT_PARAM_ERROR", Answer(sim, "AT+SEND=1:XY"));
        }

        [TestMethod]
        public static void Events_come_after_the_default_receive_delays()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock);
            var modem = new Rak3172Modem(sim);
            var reply = new ModemReply();

            long start = clock.AwakeMs;
            modem.Join(10000, reply);
            long join = clock.AwakeMs - start;
            Assert.IsTrue(join > SimulatedRak3172.JoinRx1DelayMs && join < SimulatedRak3172.JoinRx2DelayMs, "accept in the first join window: " + join.ToString());

            long airtime = LoRaAirtime.Ms(10, 13 + 4, true);
            start = clock.AwakeMs;
            modem.Send(1, new byte[4], 0, 4, 10000, reply);
            long empty = clock.AwakeMs - start;
            Assert.IsTrue(empty >= airtime + SimulatedRak3172.Rx2DelayMs && empty < airtime + 3000, "TX_DONE after RX2: " + empty.ToString());

            sim.Downlink(1, "00");
            start = clock.AwakeMs;
            modem.Send(1, new byte[4], 0, 4, 10000, reply);
            long rx1 = clock.AwakeMs - start;
            Assert.IsTrue(rx1 >= airtime + SimulatedRak3172.Rx1DelayMs && rx1 < airtime + SimulatedRak3172.Rx2DelayMs, "a frame in RX1: " + rx1.ToString());
        }

        [TestMethod]
        public static void Confirmed_uplinks_end_with_the_confirmation_events()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock);
            var modem = new Rak3172Modem(Joined(sim));
            var reply = new ModemReply();
            Assert.AreEqual("OK", Answer(sim, "AT+CFM=1"));

            modem.Send(1, new byte[] { 1 }, 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual("+EVT:SEND_CONFIRMED_OK", reply.Line);

            sim.NetworkAcks = false;
            modem.Send(1, new byte[] { 1 }, 0, 1, 10000, reply);
            Assert.AreEqual(ModemReply.Error, reply.Status);
            Assert.AreEqual("+EVT:SEND_CONFIRMED_FAILED(4)", reply.Line);
        }

        private static string Answer(SimulatedRak3172 sim, string command)
        {
            sim.WriteLine(command);
            return sim.ReadLine(100) ?? "";
        }
    }
}
