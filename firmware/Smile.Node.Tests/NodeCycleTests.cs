using System;
using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>Days of wakes on the virtual clock with a simulated Wio-E5: what leaves the node, and what it keeps.</summary>
    [TestClass]
    public class NodeCycleTests
    {
        private static NodeCycle Node(NodeConfig config, VirtualClock clock, MemoryStorage storage, SimulatedWioE5 modem, Occupancy occupancy)
        {
            var transport = new LoRaWanTransport(new WioE5Modem(modem), new Random(3), config);
            return new NodeCycle(config, clock, storage, new FixedSensor(clock), occupancy, null, transport);
        }

        /// <summary>Runs wakes and sleeps; the first is a cold boot.</summary>
        private static int Run(NodeCycle node, VirtualClock clock, int wakes, bool coldBootFirst)
        {
            int sent = 0;
            for (int i = 0; i < wakes; i++)
            {
                int sleep = node.Run(coldBootFirst && i == 0, ResetReason.PowerOn);
                sent += node.FramesSent;
                clock.Sleep(sleep);
            }

            return sent;
        }

        [TestMethod]
        public static void Samples_every_interval_and_sends_them_in_batches_every_send_interval()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SampleIntervalSeconds = 300;
            config.SendIntervalSeconds = 1800;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var flash = new MemoryStorage();
            var node = Node(config, clock, flash, modem, new Occupancy(120));

            Run(node, clock, 48, true);

            // Flash wear: each wake writes node.bin (state, pending list and samples) once, no more.
            Assert.AreEqual(48, flash.Writes);

            // A look at the PIR that finds it as it was changes nothing and writes nothing.
            Assert.IsFalse(NodeCycle.ObservePir(flash, clock, false, 1));
            Assert.AreEqual(48, flash.Writes);

            // A status frame at boot, then a measurement frame every 6 samples (4 hours: 8 sends).
            Assert.AreEqual(9, modem.Sent.Count);
            int samples = 0;
            for (int i = 1; i < modem.Sent.Count; i++)
            {
                DecodeResult frame = FrameDecoder.Decode(FromHex((string)modem.Sent[i]!));
                Assert.IsTrue(frame.Ok);
                Assert.AreEqual(i, frame.Frame!.Sequence);
                samples += frame.Frame.SampleCount;
            }

            Assert.AreEqual(FrameFormat.TypeStatus, FrameDecoder.Decode(FromHex((string)modem.Sent[0]!)).Frame!.Type);
            Assert.AreEqual(48 - node.Buffer.Count, samples);
        }

        [TestMethod]
        public static void A_dead_modem_costs_one_wake_budget_and_the_samples_wait()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 300;
            config.WakeBudgetMs = 15000;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock) { Dead = true };
            var node = Node(config, clock, new MemoryStorage(), modem, new Occupancy(120));

            for (int i = 0; i < 10; i++)
            {
                node.Run(i == 0, ResetReason.PowerOn);
                Assert.IsTrue(clock.AwakeMs <= config.WakeBudgetMs + 100, "awake " + clock.AwakeMs.ToString() + " ms");
                clock.Sleep(300);
            }

            Assert.AreEqual(10, node.Buffer.Count);
            modem.Dead = false;
            clock.Sleep(LoRaWanTransport.JoinBackoffCapSeconds);
            Run(node, clock, 1, false);
            Assert.AreEqual(0, node.Buffer.Count, "all samples leave once the modem answers");
        }

        [TestMethod]
        public static void The_buffer_bound_and_drop_count_hold_across_reboots_and_reach_the_status_frame()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.BufferCapacity = 10;
            config.SendIntervalSeconds = 86400;
            config.StatusEveryCycles = 10000;
            var clock = new VirtualClock();
            var storage = new MemoryStorage();
            var modem = new SimulatedWioE5(clock) { Dead = true };

            // Each wake is a new NodeCycle: deep sleep restarts the firmware, only flash remains.
            for (int i = 0; i < 25; i++)
            {
                var node = Node(config, clock, storage, modem, new Occupancy(120));
                node.Run(i == 0 || i == 12, ResetReason.Brownout);
                clock.Sleep(300);
                Assert.IsTrue(node.Buffer.Count <= 10);
            }

            NodeState state = NodeState.Load(storage);
            Assert.AreEqual(15, state.DroppedSamples);
            Assert.AreEqual(2, state.Boot);

            modem.Dead = false;
            var last = Node(config, clock, storage, modem, new Occupancy(120));
            last.Run(true, ResetReason.Watchdog);
            Frame status = FrameDecoder.Decode(FromHex((string)modem.Sent[0]!)).Frame!;
            Assert.AreEqual(FrameFormat.TypeStatus, status.Type);
            Assert.AreEqual(16, status.Status!.DroppedSamples);
            Assert.AreEqual(ResetReason.Watchdog, status.Status.ResetReason);
            Assert.AreEqual(3, status.Boot);
            Assert.IsTrue(status.Status.HasBattery);
            Assert.AreEqual(3.9, Fields.ToValue(Fields.Battery, status.Status.BatteryRaw));
        }

        [TestMethod]
        public static void A_length_error_rebatches_and_every_sample_still_leaves()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 3600;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock) { MaxPayload = 20 };
            var node = Node(config, clock, new MemoryStorage(), modem, new Occupancy(120));

            Run(node, clock, 25, true);

            int samples = 0;
            for (int i = 0; i < modem.Sent.Count; i++)
            {
                string hex = (string)modem.Sent[i]!;
                Assert.IsTrue(hex.Length / 2 <= 20);
                Frame frame = FrameDecoder.Decode(FromHex(hex)).Frame!;
                samples += frame.Type == FrameFormat.TypeMeasurement ? frame.SampleCount : 0;
            }

            Assert.AreEqual(25 - node.Buffer.Count, samples);
            Assert.IsTrue(modem.Sent.Count > 3, "more, smaller frames: " + modem.Sent.Count.ToString());
        }

        [TestMethod]
        public static void A_sensor_that_throws_every_wake_is_reported_and_the_node_keeps_sending()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 300;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var flash = new MemoryStorage();
            var transport = new LoRaWanTransport(new WioE5Modem(modem), new Random(3), config);
            var node = new NodeCycle(config, clock, flash, new ThrowingSensor(), new Occupancy(120), null, transport);

            Run(node, clock, 3, false);

            // Said at once, then with the regular status frames (every StatusEveryCycles), not every wake.
            Assert.AreEqual(3, node.State.Faults);
            int statusFrames = 0;
            for (int i = 0; i < modem.Sent.Count; i++)
            {
                Frame frame = FrameDecoder.Decode(FromHex((string)modem.Sent[i]!)).Frame!;
                if (frame.Type == FrameFormat.TypeStatus)
                {
                    Assert.AreEqual(ResetReason.Exception, frame.Status!.ResetReason);
                    statusFrames++;
                }
                else
                {
                    Assert.IsTrue(frame.Samples[0].Has(Fields.Presence));
                    Assert.IsFalse(frame.Samples[0].Has(Fields.Temperature));
                }
            }

            Assert.AreEqual(1, statusFrames);
        }

        /// <summary>A BME280 whose every read throws, as an I2C error other than a NACK does (InvalidOperationException).</summary>
        private sealed class ThrowingSensor : IEnvironmentSensor
        {
            public void Measure(Sample sample) => throw new InvalidOperationException("I2C bus error");
        }

        [TestMethod]
        public static void A_presence_change_sends_at_once()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 3600;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var storage = new MemoryStorage();
            var occupancy = new Occupancy(120);
            var node = Node(config, clock, storage, modem, occupancy);
            Run(node, clock, 2, true);
            int before = modem.Sent.Count;

            NodeCycle.PirEdgeWake(storage, clock, 1);
            Run(node, clock, 1, false);

            Assert.AreEqual(before + 1, modem.Sent.Count);
            Frame frame = FrameDecoder.Decode(FromHex((string)modem.Sent[before]!)).Frame!;
            Sample newest = frame.Samples[frame.SampleCount - 1];
            Assert.AreEqual(1, newest.Get(Fields.Presence));
            Assert.AreEqual(1, newest.Get(Fields.MotionCount));
        }

        public static byte[] FromHex(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(Digit(hex[2 * i]) << 4 | Digit(hex[2 * i + 1]));
            }

            return bytes;
        }

        private static int Digit(char c) => c <= '9' ? c - '0' : (c & 0x5F) - 'A' + 10;
    }
}
