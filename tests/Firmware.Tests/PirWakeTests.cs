using System;
using System.IO;
using Smile.Node;
using Smile.Node.App;
using Smile.Simulation;
using Xunit;
using Cause = nanoFramework.Hardware.Esp32.Sleep.WakeupCause;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// An HC-SR501 holds its output high for its hold time (2.5 s to minutes). ext0 is a level wake: armed on high
    /// while the PIR is high, the chip wakes again at once, and again — a wake storm that empties the battery and
    /// wears the flash. The board below plays the chip's side: a wake whose armed level is the pin's level now comes
    /// at once.
    /// </summary>
    [Collection("simulated board")]
    public sealed class PirWakeTests : IDisposable
    {
        private const int Pir = 27;
        private readonly SimulatedNode _node = new SimulatedNode();

        public void Dispose() => _node.Dispose();

        [Fact]
        public void A_pir_held_high_for_ten_seconds_gives_one_motion_and_one_flash_write()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));
            _node.Wake(Cause.Undefined);
            Assert.Equal(1UL << Pir, SimulatedBoard.WakeupPins);
            Assert.Equal(1, SimulatedBoard.WakeupLevel);

            // Someone walks by: the output rises and stays high for 10 s.
            SimulatedBoard.PinLevels[Pir] = true;
            int motionWakes = 0;
            int stateWrites = 0;
            double seconds = 0;
            Cause cause = Cause.Ext0;
            for (int wakes = 0; wakes < 50 && seconds < 10; wakes++)
            {
                DateTime stateBefore = File.GetLastWriteTimeUtc(StatePath);
                _node.Wake(cause);
                motionWakes += cause == Cause.Ext0 ? 1 : 0;
                stateWrites += cause == Cause.Ext0 && File.GetLastWriteTimeUtc(StatePath) != stateBefore ? 1 : 0;
                if (ArmedLevelIsPinLevel())
                {
                    cause = Cause.Ext0; // the chip wakes at once
                    continue;
                }

                seconds += SimulatedBoard.RequestedSleep!.Value.TotalSeconds;
                cause = Cause.Timer;
            }

            Assert.Equal(1, motionWakes);
            Assert.Equal(1, stateWrites);
            Assert.Equal(1, NodeState.Load(new FlashStorage(_node.Flash)).PendingMotion + Sent(Smile.Frames.Fields.MotionCount));

            // The output falls: the chip wakes on that edge, keeps the new level (one write), counts nothing and sleeps
            // until its regular cycle.
            SimulatedBoard.PinLevels[Pir] = false;
            Assert.Equal(0, SimulatedBoard.WakeupLevel);
            int pendingBefore = NodeState.Load(new FlashStorage(_node.Flash)).PendingMotion;
            _node.Wake(Cause.Ext0);
            Assert.Equal(pendingBefore, NodeState.Load(new FlashStorage(_node.Flash)).PendingMotion);
            Assert.Equal(1, SimulatedBoard.WakeupLevel);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 280, 300);
        }

        [Fact]
        public void A_pulse_shorter_than_the_boot_still_counts_as_a_motion()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));
            _node.Wake(Cause.Undefined);
            Assert.Equal(1, SimulatedBoard.WakeupLevel);

            // The chip woke on the rising edge, but the pin is low again by the time Main reads it.
            _node.Wake(Cause.Ext0);

            Assert.Equal(1, NodeState.Load(new FlashStorage(_node.Flash)).PendingMotion);
            Assert.Equal(TimeSpan.FromSeconds(1), SimulatedBoard.RequestedSleep);
            Assert.Equal(1, SimulatedBoard.WakeupLevel);
        }

        [Fact]
        public void A_motion_that_starts_while_the_node_is_awake_is_counted_before_it_sleeps()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));
            _node.Wake(Cause.Undefined);

            // Someone arrives during a timer cycle: the PIR is high when the node is about to sleep.
            SimulatedBoard.PinLevels[Pir] = true;
            _node.Wake(Cause.Timer);

            Assert.Equal(1, NodeState.Load(new FlashStorage(_node.Flash)).PendingMotion);
            Assert.Equal(TimeSpan.FromSeconds(1), SimulatedBoard.RequestedSleep);
            Assert.Equal(0, SimulatedBoard.WakeupLevel);
        }

        [Fact]
        public void A_motion_that_ends_before_its_prompt_cycle_still_gets_the_cycle_at_once()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));
            _node.Wake(Cause.Undefined);
            SimulatedBoard.PinLevels[Pir] = true;
            _node.Wake(Cause.Ext0);
            Assert.Equal(TimeSpan.FromSeconds(1), SimulatedBoard.RequestedSleep);

            // The PIR falls within that second: the chip wakes on the falling edge before its timer.
            SimulatedBoard.PinLevels[Pir] = false;
            _node.Wake(Cause.Ext0);

            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 1, 2);
        }

        [Fact]
        public void A_config_for_another_chip_gets_invalid_arg_for_the_pir_and_the_node_still_sleeps_on_its_timer()
        {
            // The technician flashed an ESP32-S3 with a classic-ESP32 config: GPIO 27 is no RTC GPIO of the S3.
            SimulatedBoard.Chip = "esp32-s3";
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));

            _node.Wake(Cause.Undefined);

            Assert.Equal(0UL, SimulatedBoard.WakeupPins);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 280, 300);
        }

        [Fact]
        public void On_an_esp32_c3_the_pin_wake_throws_and_the_node_still_sleeps_on_its_timer()
        {
            SimulatedBoard.Chip = "esp32-c3";
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));

            _node.Wake(Cause.Undefined);

            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 280, 300);
        }

        private string StatePath => Path.Combine(_node.Flash, NodeStore.FileName);

        private static bool ArmedLevelIsPinLevel() =>
            SimulatedBoard.WakeupPins == 1UL << Pir && (SimulatedBoard.PinLevels.TryGetValue(Pir, out bool high) && high) == (SimulatedBoard.WakeupLevel == 1);

        private int Sent(int field)
        {
            int total = 0;
            foreach (Smile.Frames.Frame frame in _node.Frames())
            {
                for (int i = 0; frame.Samples != null && i < frame.SampleCount; i++)
                {
                    total += frame.Samples[i].Has(field) ? frame.Samples[i].Get(field) : 0;
                }
            }

            return total;
        }
    }
}
