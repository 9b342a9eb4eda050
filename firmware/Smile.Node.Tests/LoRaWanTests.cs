using System;
using nanoFramework.TestFramework;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    [TestClass]
    public class LoRaWanTests
    {
        [TestMethod]
        public static void Failed_joins_back_off_exponentially_with_jitter_and_stop_at_the_daily_budget()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock) { FailJoins = 1000 };
            NodeConfig config = ConfigTests.LoRaConfig();
            config.JoinsPerDay = 5;
            var transport = new LoRaWanTransport(new WioE5Modem(sim), new Random(7), config);
            var state = new NodeState();
            long now = 0;
            long previousWait = 0;
            int attempts = 0;
            while (now < 86399)
            {
                if (!transport.Open(state, now, 10000) && state.JoinAttempts > attempts)
                {
                    attempts = state.JoinAttempts;
                    long wait = state.NextJoinSeconds - now;
                    long ceiling = LoRaWanTransport.JoinBackoffBaseSeconds << (attempts - 1);
                    Assert.IsTrue(wait >= 0 && wait <= ceiling, "wait " + wait.ToString() + " within 0.." + ceiling.ToString());
                    previousWait = wait;
                }

                now += 30;
            }

            Assert.AreEqual(5, sim.JoinRequests, "the daily budget of joins");
            Assert.IsTrue(previousWait >= 0);

            transport.Open(state, 86400 + 7 * 3600, 10000);
            Assert.AreEqual(6, sim.JoinRequests, "a new day, a new budget");
        }

        [TestMethod]
        public static void The_provisioned_identity_goes_into_either_modem_before_it_joins()
        {
            var clock = new VirtualClock();
            NodeConfig config = ConfigTests.LoRaConfig();
            var wio = new SimulatedWioE5(clock) { NetworkAppKey = config.AppKey };
            var rak = new SimulatedRak3172(clock) { NetworkAppKey = config.AppKey };

            Assert.IsTrue(new LoRaWanTransport(new WioE5Modem(wio), new Random(1), config).Open(new NodeState(), 0, 20000));
            Assert.IsTrue(new LoRaWanTransport(new Rak3172Modem(rak), new Random(1), config).Open(new NodeState(), 0, 20000));

            Assert.AreEqual(config.DevEui, wio.DevEui);
            Assert.AreEqual(config.JoinEui, wio.AppEui);
            Assert.AreEqual(config.AppKey, wio.AppKey);
            Assert.AreEqual(config.DevEui, rak.DevEui);
            Assert.AreEqual(config.AppKey, rak.AppKey);
        }

        [TestMethod]
        public static void A_node_whose_key_the_network_does_not_hold_never_joins_and_backs_off()
        {
            var clock = new VirtualClock();
            NodeConfig config = ConfigTests.LoRaConfig();
            var wio = new SimulatedWioE5(clock) { NetworkAppKey = "00000000000000000000000000000001" };
            var state = new NodeState();

            Assert.IsFalse(new LoRaWanTransport(new WioE5Modem(wio), new Random(1), config).Open(state, 0, 20000));

            Assert.AreEqual(1, state.JoinAttempts);
            Assert.IsTrue(state.NextJoinSeconds > 0);
            Assert.IsFalse(state.Joined);
        }

        [TestMethod]
        public static void A_length_error_lowers_the_payload_limit_and_asks_for_a_smaller_frame()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock) { MaxPayload = 22 };
            var transport = new LoRaWanTransport(new WioE5Modem(sim), new Random(1), ConfigTests.LoRaConfig());
            var state = new NodeState();
            Assert.IsTrue(transport.Open(state, 0, 10000));

            Assert.AreEqual(SendResult.TooLong, transport.Send(new byte[40], 40, 10000));
            Assert.AreEqual(22, transport.MaxPayload);
            Assert.AreEqual(SendResult.Sent, transport.Send(new byte[22], 22, 10000));
        }

        [TestMethod]
        public static void Link_quality_is_known_only_once_a_downlink_came()
        {
            var clock = new VirtualClock();
            var sim = new SimulatedWioE5(clock);
            var transport = new LoRaWanTransport(new WioE5Modem(sim), new Random(1), ConfigTests.LoRaConfig());
            Assert.IsTrue(transport.Open(new NodeState(), 0, 10000));

            // An unconfirmed uplink with nothing in RX1 or RX2: sent, but the modem printed no RSSI.
            Assert.AreEqual(SendResult.Sent, transport.Send(new byte[10], 10, 10000));
            Assert.IsFalse(transport.HasLinkQuality);

            sim.Downlink(0, "");
            Assert.AreEqual(SendResult.Sent, transport.Send(new byte[10], 10, 10000));
            Assert.IsTrue(transport.HasLinkQuality);
            Assert.AreEqual(-97, transport.LastRssiDbm);
            Assert.AreEqual(28, transport.LastSnrQuarterDb);
        }

        [TestMethod]
        public static void A_send_the_budget_cuts_short_after_the_modem_started_it_counts_as_sent()
        {
            var clock = new VirtualClock();
            var wio = new SimulatedWioE5(clock);
            var rak = new SimulatedRak3172(clock);
            var e5 = new LoRaWanTransport(new WioE5Modem(wio), new Random(1), ConfigTests.LoRaConfig());
            var rui3 = new LoRaWanTransport(new Rak3172Modem(rak), new Random(1), ConfigTests.LoRaConfig());
            Assert.IsTrue(e5.Open(new NodeState(), 0, 10000));
            Assert.IsTrue(rui3.Open(new NodeState(), 0, 10000));

            // One second is not enough for the receive windows, but the frame is on air: the sequence must move on.
            Assert.AreEqual(SendResult.Sent, e5.Send(new byte[5], 5, 1000));
            Assert.AreEqual(SendResult.Sent, rui3.Send(new byte[5], 5, 1000));
            Assert.AreEqual(1, wio.Sent.Count);
            Assert.AreEqual(1, rak.Sent.Count);

            // Still in its windows, the E5 refuses the next one; the RAK driver waits them out and sends.
            Assert.AreEqual(SendResult.Later, e5.Send(new byte[5], 5, 10000));
            Assert.AreEqual(SendResult.Sent, rui3.Send(new byte[5], 5, 10000));
            Assert.AreEqual(2, rak.Sent.Count);
        }

        [TestMethod]
        public static void A_send_after_the_network_forgot_the_node_rejoins_at_the_next_wake()
        {
            var clock = new VirtualClock();
            var state = new NodeState { Joined = true };
            var transport = new LoRaWanTransport(new WioE5Modem(new SimulatedWioE5(clock)), new Random(1), ConfigTests.LoRaConfig());
            Assert.IsTrue(transport.Open(state, 0, 10000));
            Assert.AreEqual(SendResult.Later, transport.Send(new byte[5], 5, 10000));
            Assert.IsFalse(state.Joined);
            Assert.IsTrue(transport.Open(state, 10, 10000));
        }
    }
}
