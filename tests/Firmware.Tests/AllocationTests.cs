using System;
using Smile.Frames;
using Smile.Node;
using Smile.Node.Tests;
using Smile.Simulation.Devices;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// What one wake allocates on the managed heap, measured on .NET with the firmware's own code (the device's
    /// allocator differs, the code paths do not). A node that never sleeps runs this cycle forever.
    /// </summary>
    public class AllocationTests
    {
        private readonly ITestOutputHelper _output;

        public AllocationTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void A_wake_that_only_samples_allocates_nothing()
        {
            var (node, clock) = Node(sendIntervalSeconds: 86400);
            Warm(node, clock);

            long perCycle = Measure(node, clock, 100);

            _output.WriteLine("sampling wake: " + perCycle + " bytes allocated");
            Assert.Equal(0, perCycle);
        }

        [Fact]
        public void A_wake_that_sends_allocates_only_the_modem_strings()
        {
            var (node, clock) = Node(sendIntervalSeconds: 300);
            Warm(node, clock);

            long perCycle = Measure(node, clock, 100);

            // The AT command line (hex of the frame) and the modem's reply lines are strings; nothing else.
            _output.WriteLine("sending wake: " + perCycle + " bytes allocated");
            Assert.InRange(perCycle, 1, 1024);
        }

        private static (NodeCycle Node, VirtualClock Clock) Node(int sendIntervalSeconds)
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.SendIntervalSeconds = sendIntervalSeconds;
            config.StatusEveryCycles = 10000;
            var clock = new VirtualClock();
            var modem = new SimulatedWioE5(clock);
            var transport = new LoRaWanTransport(new WioE5Modem(modem), new Random(1), config);
            return (new NodeCycle(config, clock, new MemoryStorage(64 * 1024), new FixedSensor(clock), new Occupancy(60), null, transport), clock);
        }

        private static void Warm(NodeCycle node, VirtualClock clock)
        {
            for (int i = 0; i < 20; i++)
            {
                clock.Sleep(node.Run(i == 0, ResetReason.PowerOn));
            }
        }

        private static long Measure(NodeCycle node, VirtualClock clock, int cycles)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < cycles; i++)
            {
                clock.Sleep(node.Run(false, ResetReason.DeepSleepWake));
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / cycles;
        }
    }
}
