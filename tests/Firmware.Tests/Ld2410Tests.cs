using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Iot.Device.Ld2410;
using Iot.Device.Ld2410.Reporting;
using Smile.Simulation;
using Xunit;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// The simulated LD2410 against its serial protocol, read through the Ld2410 binding's shim, which must behave as
    /// nanoFramework.IoT.Device devices/Ld2410 does: ACK waits bounded and ignored, frames only at the start of a chunk.
    /// </summary>
    [Collection("simulated board")]
    public sealed class Ld2410Tests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

        [Fact]
        public void The_simulated_radar_sends_the_datasheet_example_frame_byte_for_byte()
        {
            var radar = new SimulatedLd2410 { TargetState = 3, MovingDistanceCm = 79, MovingEnergy = 100, StationaryDistanceCm = 76, StationaryEnergy = 100, DetectionDistanceCm = 50 };

            Assert.Equal("F4F3F2F10D0002AA034F00644C0064320055 00F8F7F6F5".Replace(" ", ""), Convert.ToHexString(radar.ReportFrame()));
        }

        [Fact]
        public void A_report_whose_chunk_starts_with_noise_is_lost_and_the_next_clean_chunk_is_read()
        {
            var device = new SimulatedLd2410 { TargetState = 1, MovingDistanceCm = 240, MovingEnergy = 55, NoiseBytes = 37 };

            (BasicReportFrame report, int sentBefore) = FirstReport(device);

            Assert.True(sentBefore >= 2, "the noisy report was lost, a later one read");
            Assert.Equal(TargetState.MovingTarget, report.TargetState);
            Assert.Equal(240, report.MovementTargetDistance.Centimeters);
            Assert.Equal(55, report.MovementTargetEnergy);
        }

        [Fact]
        public void A_report_split_over_two_chunks_is_lost_and_the_next_whole_one_is_read()
        {
            var device = new SimulatedLd2410 { TargetState = 2, StationaryDistanceCm = 182, SplitNextReportAt = 10 };

            (BasicReportFrame report, int sentBefore) = FirstReport(device);

            Assert.True(sentBefore >= 2, "the split report was lost, a later one read");
            Assert.Equal(182, report.StationaryTargetDistance.Centimeters);
        }

        [Fact]
        public void Connect_to_a_silent_radar_waits_out_four_command_timeouts_and_returns_without_a_firmware_version()
        {
            var device = new SimulatedLd2410 { Silent = true };
            SimulatedBoard.ByteUarts["COM3"] = device;
            using var binding = new Radar("COM3", 256000, Timeout);

            var watch = Stopwatch.StartNew();
            binding.Connect();
            watch.Stop();

            // At most four timeouts plus room for a stalled test host: the 5 s default timeout would take 20 s.
            Assert.InRange(watch.ElapsedMilliseconds, 4 * 100 - 20, 4 * 100 + 4000);
            Assert.Null(binding.FirmwareVersion);
            Assert.False(binding.ConfigurationModeEnabled);
            Assert.Equal(0, binding.Configuration.MaxMovementDetectionDistanceGate);
            Assert.Equal(new[] { 0xFF, 0xA0, 0x61, 0xFE }, device.Commands.Select(c => (int)c[6]).ToArray());
        }

        [Fact]
        public void Connect_to_a_live_radar_reads_its_firmware_and_configuration_without_waiting_out_the_timeouts()
        {
            SimulatedBoard.ByteUarts["COM3"] = new SimulatedLd2410();
            using var binding = new Radar("COM3");

            var watch = Stopwatch.StartNew();
            binding.Connect();

            // One command waited out takes the whole 5 s timeout; a stalled test host never takes that long.
            Assert.True(watch.ElapsedMilliseconds < 4500, watch.ElapsedMilliseconds + " ms");
            Assert.Equal("1.7.22062416", binding.FirmwareVersion);
            Assert.Equal((byte)8, binding.Configuration.MaxMovementDetectionDistanceGate);
            Assert.Equal(TimeSpan.FromSeconds(5), binding.Configuration.NoOneDuration);
            Assert.Equal(TimeSpan.FromSeconds(5), new Radar("COM9").CommandTimeout);
        }

        [Fact]
        public void A_missing_ack_is_ignored_and_the_configuration_flag_is_set_all_the_same()
        {
            var device = new SimulatedLd2410();
            SimulatedBoard.ByteUarts["COM3"] = device;
            using var binding = new Radar("COM3", 256000, Timeout);
            binding.Connect();

            // Outside configuration mode the radar does not answer; the binding neither checks nor notices.
            binding.SetMaxDistanceGateAndUnmannedDuration(6, 6, TimeSpan.FromSeconds(30));
            Assert.Equal(1, device.CommandsRejected);
            Assert.Equal(8u, device.MaxMovingGate);

            device.Silent = true;
            binding.EnterConfigurationMode();
            Assert.True(binding.ConfigurationModeEnabled);
            binding.ReadConfigurations();
            binding.ExitConfigurationMode();
            Assert.False(binding.ConfigurationModeEnabled);
        }

        [Fact]
        public void Gates_and_durations_out_of_range_throw_before_anything_is_sent()
        {
            var device = new SimulatedLd2410();
            SimulatedBoard.ByteUarts["COM3"] = device;
            using var binding = new Radar("COM3", 256000, Timeout);
            binding.Connect();
            binding.EnterConfigurationMode();
            int sent = device.Commands.Count;

            Assert.Throws<ArgumentOutOfRangeException>(() => binding.SetMaxDistanceGateAndUnmannedDuration(9, 5, TimeSpan.FromSeconds(30)));
            Assert.Throws<ArgumentOutOfRangeException>(() => binding.SetMaxDistanceGateAndUnmannedDuration(8, 1, TimeSpan.FromSeconds(30)));
            Assert.Throws<ArgumentOutOfRangeException>(() => binding.SetMaxDistanceGateAndUnmannedDuration(8, 8, TimeSpan.FromSeconds(65536)));
            Assert.Equal(sent, device.Commands.Count);

            binding.SetMaxDistanceGateAndUnmannedDuration(6, 5, TimeSpan.FromSeconds(30));
            Assert.Equal((6u, 5u, 30u), (device.MaxMovingGate, device.MaxRestingGate, device.NoOneDurationSeconds));
        }

        [Fact]
        public void A_zero_no_one_duration_goes_out_as_five_seconds()
        {
            var device = new SimulatedLd2410();
            SimulatedBoard.ByteUarts["COM3"] = device;
            using var binding = new Radar("COM3", 256000, Timeout);
            binding.Connect();
            binding.EnterConfigurationMode();
            binding.SetMaxDistanceGateAndUnmannedDuration(8, 8, TimeSpan.FromSeconds(30));

            binding.SetMaxDistanceGateAndUnmannedDuration(8, 8, TimeSpan.Zero);

            Assert.Equal("FDFCFBFA1400600000000800000001000800000002000500000004030201", Convert.ToHexString(device.Commands[^1]));
            Assert.Equal(5u, device.NoOneDurationSeconds);
        }

        /// <summary>Connects and returns the first report the binding raises, with how many reports the radar had sent by then.</summary>
        private static (BasicReportFrame Report, int SentBefore) FirstReport(SimulatedLd2410 device)
        {
            SimulatedBoard.ByteUarts["COM3"] = device;
            BasicReportFrame? first = null;
            int sentBefore = 0;
            using var received = new ManualResetEventSlim();
            using var binding = new Radar("COM3", 256000, Timeout);
            binding.OnMeasurementReceived += (_, report) =>
            {
                if (!received.IsSet)
                {
                    sentBefore = device.ReportsSent;
                    first = (BasicReportFrame)report;
                    received.Set();
                }
            };

            binding.Connect();
            Assert.True(received.Wait(2000));
            binding.Disconnect();
            return (first!, sentBefore);
        }
    }
}
