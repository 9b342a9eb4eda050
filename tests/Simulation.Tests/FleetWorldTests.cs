using System;
using System.Collections.Generic;
using System.Linq;
using Smile.Frames;
using Smile.Simulation.Fleet;
using Smile.Simulation.World;
using Xunit;

namespace Smile.Simulation.Tests
{
    /// <summary>
    /// Fleet nodes on LoRaWAN (simulated modems, no broker needed: the test calls their wakes as the runner does)
    /// measure the world through the firmware's own sensor code, and their frames carry what the world says.
    /// </summary>
    public class FleetWorldTests
    {
        private const int Nodes = 6;

        [Fact]
        public void The_frames_carry_each_nodes_own_world_readings()
        {
            var fleet = new FleetRunner(Nodes, "127.0.0.1", 1, speed: 60, seed: 3);
            var wakes = fleet.Nodes.ToDictionary(n => n, _ => new List<long>());
            var samples = fleet.Nodes.ToDictionary(n => n, _ => new List<Sample>());
            for (long t = 0; t < 3 * 3_600; t++)
            {
                foreach (SimulatedNode node in fleet.Nodes.Where(n => n.NextWakeSeconds <= t))
                {
                    wakes[node].Add(t);
                    foreach (string hex in node.Wake(t))
                    {
                        Frame frame = FrameDecoder.Decode(Convert.FromHexString(hex)).Frame!;
                        samples[node].AddRange(frame.Samples.Take(frame.SampleCount));
                    }
                }
            }

            SmilePlaceWorld world = fleet.World;
            foreach (SimulatedNode node in fleet.Nodes)
            {
                Assert.True(samples[node].Count >= 20, node.NodeId + ": " + samples[node].Count + " samples");
                foreach (Sample sample in samples[node])
                {
                    // Each sample is the world's reading at one of the node's wakes, to the frame's resolution.
                    double celsius = sample.GetValue(Fields.Temperature);
                    Assert.Contains(wakes[node], t => Math.Abs(world.Measured(node.Site, t).TemperatureC - celsius) <= 0.006);
                    Assert.Contains(wakes[node], t => Math.Abs(world.Measured(node.Site, t).HumidityPercent - sample.GetValue(Fields.Humidity)) <= 0.26);
                    Assert.Contains(wakes[node], t => Math.Abs(world.Measured(node.Site, t).PressureHpa - sample.GetValue(Fields.Pressure)) <= 0.06);
                    // The battery through the divider and the 12-bit ADC (1.6 mV a code), sent in 10 mV steps.
                    Assert.Contains(wakes[node], t => Math.Abs(world.BatteryVolts(node.Site, t) - sample.GetValue(Fields.Battery)) <= 0.008);
                }

                Assert.True(samples[node].Select(s => s.GetValue(Fields.Temperature)).Distinct().Count() > samples[node].Count / 2, "temperatures vary");
            }

            Assert.True(fleet.Nodes.Select(n => samples[n][0].GetValue(Fields.Temperature)).Distinct().Count() == Nodes, "every node its own temperature");
            Assert.True(fleet.Nodes.Sum(n => samples[n].Sum(s => s.GetValue(Fields.MotionCount))) > 0, "people passed the PIRs");
            Assert.True(fleet.Nodes.Select(n => n.Uplink.RssiDbm).Distinct().Count() > 1, "each node its own link");
        }
    }
}
