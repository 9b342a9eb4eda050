using System;
using nanoFramework.TestFramework;
using Smile.Frames;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>The LD2410 in the cycle: presence for people who sit still, and the radar item on the newest sample.</summary>
    [TestClass]
    public class RadarTests
    {
        [TestMethod]
        public static void A_person_sitting_still_is_present_and_the_change_is_sent_at_once_with_the_radar_item()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 3600;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var radar = new SimulatedRadar(clock);
            var storage = new MemoryStorage();
            var transport = new LoRaWanTransport(new WioE5Modem(modem), new Random(3), config);
            var node = new NodeCycle(config, clock, storage, new FixedSensor(clock), new Occupancy(120), radar, transport);
            clock.Sleep(node.Run(true, ResetReason.PowerOn));
            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            int before = modem.Sent.Count;

            radar.TargetState = RadarReport.StationaryTarget;
            radar.StationaryDistanceCm = 182;
            clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));

            Assert.AreEqual(before + 1, modem.Sent.Count);
            Frame frame = FrameDecoder.Decode(NodeCycleTests.FromHex((string)modem.Sent[before]!)).Frame!;
            Assert.AreEqual(1, frame.Samples[frame.SampleCount - 1].Get(Fields.Presence));
            Assert.AreEqual(0, frame.Samples[frame.SampleCount - 1].Get(Fields.MotionCount));
            Assert.AreEqual(RadarReport.StationaryTarget, frame.Radar!.TargetState);
            Assert.AreEqual(182, frame.Radar.StationaryDistanceCm);
        }

        [TestMethod]
        public static void A_silent_radar_costs_its_timeout_and_the_frame_goes_without_a_radar_item()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = 300;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var radar = new SimulatedRadar(clock) { Silent = true, TargetState = RadarReport.MovingTarget };
            var transport = new LoRaWanTransport(new WioE5Modem(modem), new Random(3), config);
            var node = new NodeCycle(config, clock, new MemoryStorage(), new FixedSensor(clock), new Occupancy(120), radar, transport);

            node.Run(true, ResetReason.PowerOn);

            Frame frame = FrameDecoder.Decode(NodeCycleTests.FromHex((string)modem.Sent[modem.Sent.Count - 1]!)).Frame!;
            Assert.AreEqual(FrameFormat.TypeMeasurement, frame.Type);
            Assert.IsTrue(frame.Radar == null);
            Assert.AreEqual(0, frame.Samples[0].Get(Fields.Presence));
        }
    }
}
