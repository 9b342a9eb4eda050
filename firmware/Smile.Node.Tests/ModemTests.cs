using nanoFramework.TestFramework;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>Both modem grammars, their firmware variants and their refusals.</summary>
    [TestClass]
    public class ModemTests
    {
        [TestMethod]
        public static void WioE5_join_succeeds_in_the_real_firmware_grammar_and_the_spec_variant()
        {
            foreach (bool specVariant in new bool[] { false, true })
            {
                var clock = new VirtualClock();
                var modem = new WioE5Modem(new SimulatedWioE5(clock) { SpecVariant = specVariant });
                var reply = new ModemReply();
                modem.Join(10000, reply);
                Assert.AreEqual(ModemReply.Joined, reply.Status, "variant " + specVariant.ToString());
            }
        }

        [TestMethod]
        public static void WioE5_join_failure_and_dead_modem_are_told_apart()
        {
            var clock = new VirtualClock();
            var reply = new ModemReply();
            new WioE5Modem(new SimulatedWioE5(clock) { FailJoins = 1 }).Join(10000, reply);
            Assert.AreEqual(ModemReply.JoinFailed, reply.Status);

            new WioE5Modem(new SimulatedWioE5(clock) { Dead = true }).Join(10000, reply);
            Assert.AreEqual(ModemReply.Timeout, reply.Status);
        }

        [TestMethod]
        public static void WioE5_send_refuses_before_the_join_and_reports_a_length_error_with_the_limit()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock) { MaxPayload = 11 };
            var modem = new WioE5Modem(sim);
            var reply = new ModemReply();
            modem.Send(1, new byte[20], 0, 20, 10000, reply);
            Assert.AreEqual(ModemReply.NotJoined, reply.Status);

            modem.Join(10000, reply);
            modem.Send(1, new byte[20], 0, 20, 10000, reply);
            Assert.AreEqual(ModemReply.LengthError, reply.Status);
            Assert.AreEqual(11, reply.MaxPayload);

            modem.Send(1, new byte[] { 0x20, 0xAB }, 0, 2, 10000, reply);
            Assert.AreEqual(ModemReply.Ok, reply.Status);
            Assert.AreEqual("20AB", (string)sim.Sent[0]!);
        }

        [TestMethod]
        public static void Wio_lines_of_other_firmware_versions_are_understood()
        {
            Assert.AreEqual(3000L, AtText.NumberAfter("+JOIN: No band in 3000ms", "No band in", -1));
            Assert.AreEqual(-43L, AtText.NumberAfter("+CMSGHEX: RXWIN1, RSSI -43, SNR 10.0", "RSSI", 0));
            Assert.AreEqual(-1L, AtText.NumberAfter("+MSGHEX: Length error", "Length error", -1));
            Assert.IsTrue(AtText.Has("+join: NETWORK JOINED", "Network joined"));
        }

        [TestMethod]
        public static void Rak3172_join_and_send_in_current_and_old_event_names()
        {
            foreach (bool old in new bool[] { false, true })
            {
                var clock = new VirtualClock();
                var sim = new SimulatedRak3172(clock) { FailJoins = 1, OldEventNames = old };
                var modem = new Rak3172Modem(sim);
                var reply = new ModemReply();
                modem.Join(10000, reply);
                Assert.AreEqual(ModemReply.JoinFailed, reply.Status);
                modem.Join(10000, reply);
                Assert.AreEqual(ModemReply.Joined, reply.Status);
                modem.Send(1, new byte[] { 1, 2 }, 0, 2, 10000, reply);
                Assert.AreEqual(ModemReply.Ok, reply.Status);
                Assert.IsFalse(reply.HasSignal, "no downlink, no signal");
            }
        }

        [TestMethod]
        public static void Rak3172_refusals_map_to_busy_not_joined_and_length_error()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedRak3172(clock) { MaxPayload = 11 };
            var modem = new Rak3172Modem(sim);
            var reply = new ModemReply();
            modem.Send(1, new byte[2], 0, 2, 10000, reply);
            Assert.AreEqual(ModemReply.NotJoined, reply.Status);
            modem.Join(10000, reply);
            modem.Send(1, new byte[20], 0, 20, 10000, reply);
            Assert.AreEqual(ModemReply.LengthError, reply.Status);
            sim.Busy = true;
            modem.Join(10000, reply);
            Assert.AreEqual(ModemReply.Busy, reply.Status);
        }
    }
}
