using System;
using System.IO;
using System.Linq;
using Smile.Frames;
using Smile.Simulation;
using Smile.Simulation.Devices;
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
        private readonly VirtualClock _clock = new VirtualClock();
        private readonly SimulatedWioE5 _modem;
        private readonly StringWriter _log = new StringWriter();
        private readonly TextWriter _stdout = Console.Out;
        private int _sleeps;

        public NodeAppTests()
        {
            _modem = new SimulatedWioE5(_clock);
            SimulatedBoard.I2cDevices.Clear();
            SimulatedBoard.I2cDevices[(1, 0x76)] = new SimulatedBme280 { TemperatureC = 17.42, HumidityPercent = 63.5, PressureHpa = 1008.7 };
            SimulatedBoard.Uarts["COM2"] = new UartAdapter(_modem);
            SimulatedBoard.AdcRatios[6] = 0.59;
            SimulatedBoard.DeepSleep = () => _sleeps++;
            SimulatedBoard.LightSleep = time => _clock.Spend((long)time.TotalMilliseconds, NodePhase.LightSleep);
            SimulatedBoard.PinLevels.Clear();
            SimulatedBoard.ByteUarts.Clear();
            SimulatedBoard.WakeupCause = 0;
            Smile.Node.App.Program.StorageRoot = _flash;
            Smile.Node.App.Program.ConfigWaitSeconds = 0;
            Console.SetOut(TextWriter.Synchronized(_log));
        }

        private string ConfigPath => Path.Combine(_flash, "config.json");

        public void Dispose()
        {
            Console.SetOut(_stdout);
            Directory.Delete(_flash, true);
        }

        [Fact]
        public void A_provisioned_node_joins_sends_its_first_sample_and_sleeps()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
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
            Assert.True(File.Exists(Path.Combine(_flash, Smile.Node.NodeStore.FileName)));
        }

        [Fact]
        public void A_node_parses_its_config_json_once_and_reads_the_binary_copy_after()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
            string copy = Path.Combine(_flash, "config.bin");
            Smile.Node.App.Program.Main();
            byte[] written = File.ReadAllBytes(copy);

            SimulatedBoard.WakeupCause = (int)nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Timer;
            File.SetLastWriteTimeUtc(copy, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            Smile.Node.App.Program.Main();
            Assert.Equal(written, File.ReadAllBytes(copy));
            Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(copy));
            Assert.DoesNotContain("config.bin", _log.ToString());
            Assert.Equal(2, _sleeps);
        }

        [Fact]
        public void A_damaged_binary_copy_falls_back_to_config_json_and_says_so()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
            string copy = Path.Combine(_flash, "config.bin");
            Smile.Node.App.Program.Main();
            byte[] good = File.ReadAllBytes(copy);
            byte[] bad = (byte[])good.Clone();
            bad[good.Length / 2] ^= 0xFF;
            File.WriteAllBytes(copy, bad);

            SimulatedBoard.WakeupCause = (int)nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Timer;
            Smile.Node.App.Program.Main();
            Assert.Contains("smile-node: config: config.bin is damaged or not from this config.json; reading config.json", _log.ToString());
            Assert.Equal(good, File.ReadAllBytes(copy));
            Assert.Equal(2, _sleeps);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 1, 300);
        }

        [Fact]
        public void A_new_config_json_replaces_the_copy_of_the_old_one()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
            Smile.Node.App.Program.Main();
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"SampleIntervalSeconds\": 300", "\"SampleIntervalSeconds\": 600"));

            SimulatedBoard.WakeupCause = (int)nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Timer;
            Smile.Node.App.Program.Main();
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 500, 600);
        }

        [Fact]
        public void A_wrong_chip_on_the_bus_still_leaves_a_working_node()
        {
            SimulatedBoard.I2cDevices[(1, 0x76)].ChipId = 0x58;
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));

            Smile.Node.App.Program.Main();

            Sample sample = FrameDecoder.Decode(Convert.FromHexString((string)_modem.Sent[1]!)).Frame!.Samples[0];
            Assert.False(sample.Has(Fields.Temperature));
            Assert.True(sample.Has(Fields.Battery) && sample.Has(Fields.Presence));
        }

        [Fact]
        public void An_invalid_config_is_logged_and_the_node_sleeps_an_hour()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"Transport\": \"lorawan\"", "\"Transport\": \"zigbee\""));

            Smile.Node.App.Program.Main();

            Assert.Equal(1, _sleeps);
            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
            Assert.Empty(_modem.Sent);
            Assert.Contains("smile-node: config: Transport must be lorawan or wifi (is 'zigbee')", _log.ToString());
        }

        [Fact]
        public void A_mistyped_key_is_logged_with_its_position_and_the_node_sleeps_an_hour()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"SampleIntervalSeconds\"", "\"SampleIntervalSecs\""));

            Smile.Node.App.Program.Main();

            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
            Assert.Empty(_modem.Sent);
            Assert.Contains("smile-node: config: 'SampleIntervalSecs' is not a config key (line 4, column 3)", _log.ToString());
        }

        [Fact]
        public void A_node_without_a_config_says_so_and_sleeps_an_hour()
        {
            Smile.Node.App.Program.Main();

            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
            Assert.Contains("smile-node: no config.json", _log.ToString());
        }

        /// <summary>
        /// When the debugger writes the file: after Main began waiting for it (a file there before the wait began is no
        /// deployment), which a cold start or a wake cycle on a loaded host may take over a second to reach; well before
        /// the 10 s these tests allow (the wait polls every second).
        /// </summary>
        private const int DeployAfterMs = 2000;

        [Fact]
        public async System.Threading.Tasks.Task A_config_deployed_over_the_debug_link_after_power_up_is_read_by_main_at_once()
        {
            // What nanoff --filedeployment does on the device: the debugger writes I:\config.json while the app runs.
            Smile.Node.App.Program.ConfigWaitSeconds = 30;
            var deploy = System.Threading.Tasks.Task.Run(async () =>
            {
                await System.Threading.Tasks.Task.Delay(DeployAfterMs);
                File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
            });

            var started = DateTime.UtcNow;
            Smile.Node.App.Program.Main();

            await deploy;
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
            Assert.Equal(1, _sleeps);
            Assert.NotEmpty(_modem.Sent);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 290, 300);
            Assert.Contains("waiting 30 s for config.json", _log.ToString());
        }

        [Fact]
        public async System.Threading.Tasks.Task A_new_config_deployed_after_a_reset_of_a_provisioned_node_is_used_from_the_next_wake()
        {
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 300));
            Smile.Node.App.Program.ConfigWaitSeconds = 30;
            SimulatedBoard.DeepSleep = () =>
            {
                // The first wake (power-up) sends with the old config, then waits; the debugger writes the new one.
                if (_sleeps++ == 0 && SimulatedBoard.RequestedSleep == TimeSpan.FromSeconds(1))
                {
                    SimulatedBoard.WakeupCause = (int)nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Timer;
                }
            };
            var deploy = System.Threading.Tasks.Task.Run(async () =>
            {
                await System.Threading.Tasks.Task.Delay(DeployAfterMs);
                File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"SampleIntervalSeconds\": 300", "\"SampleIntervalSeconds\": 120"));
            });

            Smile.Node.App.Program.Main();
            await deploy;
            Assert.Equal(TimeSpan.FromSeconds(1), SimulatedBoard.RequestedSleep);

            Smile.Node.App.Program.Main();
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 110, 120);
        }

        [Fact]
        public void A_node_with_an_ld2410_reports_a_person_sitting_still_and_sets_the_radar_hold_at_boot()
        {
            var radar = new SimulatedLd2410 { TargetState = 2, StationaryDistanceCm = 182, StationaryEnergy = 61, DetectionDistanceCm = 182 };
            SimulatedBoard.ByteUarts["COM3"] = radar;
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"Modem\"", "\"Radar\": true, \"PresenceHoldSeconds\": 90, \"Modem\""));

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
            File.WriteAllText(ConfigPath, Config(sendIntervalSeconds: 600).Replace("\"Modem\"", "\"Radar\": true, \"Modem\""));

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
