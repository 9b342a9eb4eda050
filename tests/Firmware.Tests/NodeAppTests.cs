using System;
using System.IO;
using System.Linq;
using Smile.Frames;
using Smile.Node.Tests;
using Smile.Simulation;
using Xunit;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// The node application's real Main on the simulated board (shims of the nanoFramework bindings): a BME280 on
    /// I2C, a Wio-E5 on COM2, the battery on ADC1, flash in a folder. What ran is .NET, not an ESP32.
    /// </summary>
    [Collection("simulated board")]
    public sealed class NodeAppTests : IDisposable
    {
        private readonly string _flash = Directory.CreateTempSubdirectory("smile-flash-").FullName;
        private readonly SimulatedWioE5 _modem = new SimulatedWioE5(new VirtualClock());
        private readonly ScriptedConsole _console = new ScriptedConsole();
        private int _sleeps;

        public NodeAppTests()
        {
            SimulatedBoard.I2cDevices.Clear();
            SimulatedBoard.I2cDevices[(1, 0x76)] = new SimulatedBme280 { TemperatureC = 17.42, HumidityPercent = 63.5, PressureHpa = 1008.7 };
            SimulatedBoard.Uarts["COM2"] = new UartAdapter(_modem);
            SimulatedBoard.AdcRatios[6] = 0.59;
            SimulatedBoard.DeepSleep = () => _sleeps++;
            SimulatedBoard.Uarts["COM1"] = _console;
            SimulatedBoard.PinLevels.Clear();
            SimulatedBoard.ByteUarts.Clear();
            Smile.Node.App.Program.StorageRoot = _flash;
        }

        public void Dispose() => Directory.Delete(_flash, true);

        [Fact]
        public void A_provisioned_node_joins_sends_its_first_sample_and_sleeps()
        {
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300));
            SimulatedBoard.WakeupCause = 0;

            Smile.Node.App.Program.Main();

            Assert.Equal(1, _sleeps);
            Assert.Equal(1, SimulatedBoard.I2cDevices[(1, 0x76)].ForcedMeasurements);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 290, 300);
            var frames = _modem.Sent.Cast<string>().Select(h => FrameDecoder.Decode(Convert.FromHexString(h)).Frame!).ToList();
            Assert.Equal(FrameFormat.TypeStatus, frames[0].Type);
            Sample sample = frames[1].Samples[0];
            Assert.Equal(17.42, sample.GetValue(Fields.Temperature));
            Assert.Equal(63.5, sample.GetValue(Fields.Humidity));
            Assert.Equal(1008.7, sample.GetValue(Fields.Pressure));
            Assert.Equal(3.89, sample.GetValue(Fields.Battery));
            Assert.True(File.Exists(Path.Combine(_flash, "state.bin")) && File.Exists(Path.Combine(_flash, "samples.bin")));
        }

        [Fact]
        public void A_wrong_chip_on_the_bus_still_leaves_a_working_node()
        {
            SimulatedBoard.I2cDevices[(1, 0x76)].ChipId = 0x58;
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300));

            Smile.Node.App.Program.Main();

            Sample sample = FrameDecoder.Decode(Convert.FromHexString((string)_modem.Sent[1]!)).Frame!.Samples[0];
            Assert.False(sample.Has(Fields.Temperature));
            Assert.True(sample.Has(Fields.Battery) && sample.Has(Fields.Presence));
        }

        [Fact]
        public void An_invalid_config_keeps_the_node_asleep_waiting_for_provisioning()
        {
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300).Replace("\"Transport\": \"lorawan\"", "\"Transport\": \"zigbee\""));

            Smile.Node.App.Program.Main();

            Assert.Equal(1, _sleeps);
            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
            Assert.Empty(_modem.Sent);
        }

        [Fact]
        public void A_new_node_is_provisioned_over_the_serial_console_and_never_prints_a_secret()
        {
            string valid = Config(sendIntervalSeconds: 300).Replace("\n", " ").Replace("\r", "");
            _console.Script.Enqueue("CONFIG {\"NodeId\": \"x y\"}");
            _console.Script.Enqueue("CONFIG " + valid);
            _console.Script.Enqueue("SHOW");
            _console.Script.Enqueue("DONE");

            Smile.Node.App.Program.Main();

            Assert.Equal("SMILE PROVISION new", _console.Written[0]);
            Assert.Contains("ERROR NodeId must be 1 to 64 letters, digits, '-', '_' or '.' (is 'x y')", _console.Written);
            Assert.Contains("FAILED", _console.Written);
            Assert.Contains("OK hro-hafen-07", _console.Written);
            Assert.Contains(_console.Written, l => l.StartsWith("NodeId=hro-hafen-07") && l.Contains("AppKey=***"));
            Assert.DoesNotContain(_console.Written, l => l.Contains("2B7E151628AED2A6ABF7158809CF4F3C"));
            Assert.NotEmpty(_modem.Sent);
        }

        [Fact]
        public void Holding_the_button_at_power_up_opens_provisioning_on_a_provisioned_node()
        {
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300));
            SimulatedBoard.PinLevels[0] = false;
            SimulatedBoard.WakeupCause = 0;

            Smile.Node.App.Program.Main();

            Assert.Equal("SMILE PROVISION hro-hafen-07", _console.Written[0]);
        }

        [Fact]
        public void A_node_with_an_ld2410_reports_a_person_sitting_still_and_sets_the_radar_hold_at_boot()
        {
            var radar = new SimulatedLd2410 { TargetState = 2, StationaryDistanceCm = 182, StationaryEnergy = 61, DetectionDistanceCm = 182 };
            SimulatedBoard.ByteUarts["COM3"] = radar;
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300).Replace("\"Modem\"", "\"Radar\": true, \"PresenceHoldSeconds\": 90, \"Modem\""));

            Smile.Node.App.Program.Main();

            Assert.Equal(90u, radar.NoOneDurationSeconds);
            Frame frame = FrameDecoder.Decode(Convert.FromHexString((string)_modem.Sent[1]!)).Frame!;
            Assert.Equal(1, frame.Samples[0].Get(Fields.Presence));
            Assert.Equal(0, frame.Samples[0].Get(Fields.MotionCount));
            Assert.Equal(RadarReport.StationaryTarget, frame.Radar!.TargetState);
            Assert.Equal(182, frame.Radar.StationaryDistanceCm);
        }

        [Fact]
        public void A_node_whose_radar_is_silent_still_sends_without_a_radar_item()
        {
            SimulatedBoard.ByteUarts["COM3"] = new SimulatedLd2410 { Silent = true };
            File.WriteAllText(Path.Combine(_flash, "config.json"), Config(sendIntervalSeconds: 300).Replace("\"Modem\"", "\"Radar\": true, \"Modem\""));

            Smile.Node.App.Program.Main();

            // Connect and Configure wait out every command (Ld2410Radar.ConfigureWorstMs) and the report wait, then the node sleeps.
            Assert.Equal(1, _sleeps);
            Frame frame = FrameDecoder.Decode(Convert.FromHexString((string)_modem.Sent[1]!)).Frame!;
            Assert.Null(frame.Radar);
            Assert.Equal(0, frame.Samples[0].Get(Fields.Presence));
        }

        private static string Config(int sendIntervalSeconds) => @"{
  ""NodeId"": ""hro-hafen-07"", ""Site"": ""stadthafen"", ""Transport"": ""lorawan"", ""Modem"": ""wio-e5"",
  ""DevEui"": ""70B3D57ED0000007"", ""JoinEui"": ""0000000000000000"", ""AppKey"": ""2B7E151628AED2A6ABF7158809CF4F3C"",
  ""SampleIntervalSeconds"": 300, ""SendIntervalSeconds"": " + sendIntervalSeconds + @"
}";

        /// <summary>The technician's end of the USB serial console: scripted lines in, everything the node prints out.</summary>
        private sealed class ScriptedConsole : ISimulatedUart
        {
            public System.Collections.Generic.Queue<string> Script { get; } = new System.Collections.Generic.Queue<string>();

            public System.Collections.Generic.List<string> Written { get; } = new System.Collections.Generic.List<string>();

            public void Receive(string line) => Written.Add(line);

            public string? Send(int timeoutMs) => Script.Count > 0 ? Script.Dequeue() : null;
        }

        /// <summary>Puts a simulated modem (an ISerialLine from the firmware tests) on a simulated UART.</summary>
        private sealed class UartAdapter : ISimulatedUart
        {
            private readonly Smile.Node.ISerialLine _device;

            public UartAdapter(Smile.Node.ISerialLine device) => _device = device;

            public void Receive(string line) => _device.WriteLine(line);

            public string? Send(int timeoutMs) => _device.ReadLine(timeoutMs);
        }
    }

    [CollectionDefinition("simulated board", DisableParallelization = true)]
    public sealed class SimulatedBoardCollection
    {
    }
}
