using System;
using System.Collections.Generic;
using System.Threading;
using Iot.Device.Ld2410;
using Iot.Device.Ld2410.Reporting;
using Smile.Simulation;
using Xunit;

namespace Smile.Firmware.Tests
{
    /// <summary>The simulated LD2410 against its serial protocol, read through the Ld2410 binding's shim.</summary>
    [Collection("simulated board")]
    public sealed class Ld2410Tests
    {
        [Fact]
        public void The_simulated_radar_sends_the_datasheet_example_frame_byte_for_byte()
        {
            var radar = new SimulatedLd2410 { TargetState = 3, MovingDistanceCm = 79, MovingEnergy = 100, StationaryDistanceCm = 76, StationaryEnergy = 100, DetectionDistanceCm = 50 };

            Assert.Equal("F4F3F2F10D0002AA034F00644C0064320055 00F8F7F6F5".Replace(" ", ""), Convert.ToHexString(radar.ReportFrame()));
        }

        [Fact]
        public void The_binding_finds_reports_behind_line_noise()
        {
            SimulatedBoard.ByteUarts["COM3"] = new SimulatedLd2410 { TargetState = 1, MovingDistanceCm = 240, MovingEnergy = 55, NoiseBytes = 37 };
            var reports = new List<BasicReportFrame>();
            using var received = new ManualResetEventSlim();
            var binding = new Radar("COM3");
            binding.OnMeasurementReceived += (_, report) =>
            {
                lock (reports)
                {
                    reports.Add((BasicReportFrame)report);
                    received.Set();
                }
            };

            binding.Connect();
            Assert.True(received.Wait(2000));
            binding.Disconnect();

            Assert.Equal(TargetState.MovingTarget, reports[0].TargetState);
            Assert.Equal(240, reports[0].MovementTargetDistance.Centimeters);
            Assert.Equal(55, reports[0].MovementTargetEnergy);
        }

        [Fact]
        public void Commands_are_acknowledged_only_in_configuration_mode()
        {
            var device = new SimulatedLd2410();
            SimulatedBoard.ByteUarts["COM3"] = device;
            var binding = new Radar("COM3", 256000, TimeSpan.FromMilliseconds(300));
            binding.Connect();

            Assert.Throws<TimeoutException>(() => binding.SetMaxDistanceGateAndUnmannedDuration(6, 6, TimeSpan.FromSeconds(30)));
            binding.EnterConfigurationMode();
            binding.SetMaxDistanceGateAndUnmannedDuration(6, 5, TimeSpan.FromSeconds(30));
            Assert.Throws<InvalidOperationException>(() => binding.SetMaxDistanceGateAndUnmannedDuration(9, 5, TimeSpan.FromSeconds(30)));
            binding.ExitConfigurationMode();
            binding.Disconnect();

            Assert.Equal(1, device.CommandsRejected);
            Assert.Equal((6u, 5u, 30u), (device.MaxMovingGate, device.MaxRestingGate, device.NoOneDurationSeconds));
        }
    }
}
