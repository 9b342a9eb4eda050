using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Device.I2c;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.PowerMode;
using Iot.Device.Bmxx80.ReadResult;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Smile.Gateway.Board;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Filters;
using Smile.Gateway.Health;
using Smile.Gateway.Pipeline;
using Smile.Gateway.Sinks;
using Xunit;

namespace Smile.Gateway.Tests.Board
{
    /// <summary>
    /// The Smile Place's own hardware in process, on a simulated BME280 (an I2cDevice with the chip's register map) and
    /// a recording GPIO driver under a real GpioController, with a fake clock: nothing waits, nothing is timed.
    /// </summary>
    public sealed class BoardTests : IDisposable
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        private readonly string _folder = Directory.CreateTempSubdirectory("smile-board-").FullName;
        private readonly FakeTimeProvider _time = new FakeTimeProvider(Start);

        public void Dispose() => Directory.Delete(_folder, true);

        [Fact]
        public void Everything_is_off_by_default_and_a_settings_file_switches_it_on()
        {
            BoardSettings defaults = Bind(new Dictionary<string, string?>());
            Assert.False(defaults.Bme280.Enabled);
            Assert.False(defaults.StatusLed.Enabled);
            Assert.Equal((1, 0x76, 300), (defaults.Bme280.I2cBus, defaults.Bme280.Address, defaults.Bme280.IntervalSeconds));
            Assert.Equal("/sys/class/thermal/thermal_zone0/temp", defaults.CpuTemperaturePath);
            Assert.True(new GatewayOptionsValidator().Validate(null, Valid()).Succeeded);

            BoardSettings on = Bind(new Dictionary<string, string?>
            {
                ["Smile:Board:Bme280:Enabled"] = "true",
                ["Smile:Board:Bme280:Address"] = "0x77",
                ["Smile:Board:StatusLed:Enabled"] = "true",
                ["Smile:Board:StatusLed:GpioPin"] = "27",
            });
            Assert.True(on.Bme280.Enabled && on.StatusLed.Enabled);
            Assert.Equal((0x77, 27), (on.Bme280.Address, on.StatusLed.GpioPin));
        }

        [Fact]
        public void Validation_refuses_a_bad_bus_address_interval_pin_and_gateway_id_naming_the_setting()
        {
            GatewayOptions options = Valid();
            options.Gateway.Id = "0011223344556677";
            options.Board.Bme280 = new Bme280Settings { Enabled = true, I2cBus = 40, Address = 0x40, IntervalSeconds = 5 };
            options.Board.StatusLed = new StatusLedSettings { Enabled = true, GpioPin = 40 };

            var failures = new GatewayOptionsValidator().Validate(null, options).Failures!.ToList();

            Assert.Contains("Smile:Board:Bme280:I2cBus must be the number of an I2C bus, 0..31 (/dev/i2c-N; the Pi's header pins 3 and 5 are bus 1), is 40", failures);
            Assert.Contains("Smile:Board:Bme280:Address must be 118 (0x76, SDO to ground) or 119 (0x77, SDO to 3.3 V), the BME280's two addresses; is 64", failures);
            Assert.Contains("Smile:Board:Bme280:IntervalSeconds must be 10..86400, is 5", failures);
            Assert.Contains("Smile:Board:StatusLed:GpioPin must be a GPIO number of 2..27 (BCM numbering, not the header's pin number), is 40", failures);
            Assert.Contains(failures, f => f.StartsWith("Smile:Gateway:Id is the node id of the BME280's readings (Board:Bme280:Enabled) and must not be 16 hex digits", StringComparison.Ordinal));

            options.Board.Bme280 = new Bme280Settings { Enabled = true };
            options.Board.StatusLed.GpioPin = 3;
            Assert.Contains("Smile:Board:StatusLed:GpioPin is 3, a line of I2C bus 1, which the BME280 uses (Board:Bme280:I2cBus)",
                new GatewayOptionsValidator().Validate(null, options).Failures!);
        }

        [Fact]
        public void The_real_binding_reads_the_simulated_chip_in_forced_mode_and_the_chip_sleeps_again()
        {
            var chip = new SimulatedBme280Device { TemperatureC = 23.4, PressureHpa = 987.6, HumidityPercent = 56.7 };
            using var bme280 = new Bme280(chip);

            Bme280ReadResult result = bme280.Read();

            // The chip's own resolution at these values is about 0.0003 °C, 0.002 hPa and 0.008 %RH per raw count.
            Assert.Equal(23.4, result.Temperature!.Value.DegreesCelsius, 0.01);
            Assert.Equal(987.6, result.Pressure!.Value.Hectopascals, 0.01);
            Assert.Equal(56.7, result.Humidity!.Value.Percent, 0.01);
            Assert.Equal(1, chip.Measurements);
            Assert.Equal(Bmx280PowerMode.Sleep, bme280.ReadPowerMode());

            chip.TemperatureC = -12.25;
            bme280.Reset();
            Assert.Equal(-12.25, bme280.Read().Temperature!.Value.DegreesCelsius, 0.01);
            Assert.Equal(2, chip.Measurements);
        }

        [Fact]
        public async Task A_reading_is_stored_and_rendered_as_a_measurement_of_the_node_named_like_the_gateway()
        {
            var chip = new SimulatedBme280Device { TemperatureC = 23.4, PressureHpa = 987.6, HumidityPercent = 56.7 };
            using var pipeline = new Pipeline(_folder, Enabled(), chip, _time);

            Assert.Equal(TimeSpan.FromSeconds(300), await pipeline.Service.ReadOnceAsync(CancellationToken.None));

            StoredMessage row = Assert.Single(pipeline.Outbox.TakeLive(10));
            Assert.Equal(("gw-1", MessageKind.Measurement), (row.Node, row.Kind));
            var (topic, payload) = Assert.Single(new MessageRenderer(pipeline.Options).Render(row));
            Assert.Equal("smile/v1/hafen/gw-1/measurement", topic);
            JsonNode message = JsonNode.Parse(payload)!;
            Assert.Equal("gw-1", (string?)message["node_id"]);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs), Start);
            Assert.Equal("{\"transport\":\"i2c\",\"source\":\"gateway\"}", message["link"]!.ToJsonString());
            var readings = message["readings"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => ((double)r!["value"]!, (string?)r["unit"]));
            Assert.Equal((23.4, "Cel"), readings["temperature"]);
            Assert.Equal((56.5, "%RH"), readings["humidity"]);
            Assert.Equal((98760.0, "Pa"), readings["pressure"]);
            Assert.Equal(3, readings.Count);
            Assert.Equal(1, pipeline.Status.Take().Readings);
        }

        [Fact]
        public async Task An_i2c_failure_is_a_status_entry_with_back_off_not_a_crash_and_the_next_good_read_recovers()
        {
            var chip = new SimulatedBme280Device();
            using var pipeline = new Pipeline(_folder, Enabled(), chip, _time);
            chip.Present = false;

            Assert.Equal(TimeSpan.FromSeconds(10), await pipeline.Service.ReadOnceAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(TimeSpan.FromSeconds(20), await pipeline.Service.ReadOnceAsync(CancellationToken.None));

            SensorStatus.Snapshot failing = pipeline.Status.Take();
            Assert.True(failing.Failing);
            Assert.Equal((2, 2L, 0L), (failing.ConsecutiveFailures, failing.Failures, failing.Readings));
            Assert.Equal("IOException: Error 121 (Remote I/O error) performing I2C data transfer.", failing.LastError);
            JsonObject status = pipeline.Health.Status();
            Assert.True((bool)status["bme280"]!["failing"]!);
            Assert.Equal("the BME280 fails: IOException: Error 121 (Remote I/O error) performing I2C data transfer.", (string?)status["faults"]![0]);
            Assert.Contains("smile_gateway_own_sensor_up 0\n", Metrics(pipeline.Health));
            Assert.Empty(pipeline.Outbox.TakeLive(10));

            chip.Present = true;
            _time.Advance(TimeSpan.FromSeconds(20));
            Assert.Equal(TimeSpan.FromSeconds(300), await pipeline.Service.ReadOnceAsync(CancellationToken.None));

            Assert.False(pipeline.Status.Take().Failing);
            Assert.Empty(pipeline.Health.Faults());
            Assert.Single(pipeline.Outbox.TakeLive(10));
            Assert.Contains("smile_gateway_own_sensor_failures_total 2\n", Metrics(pipeline.Health));
        }

        [Fact]
        public async Task A_reading_no_bme280_can_give_is_a_failure_and_stores_nothing()
        {
            var chip = new SimulatedBme280Device { TemperatureC = 95 };
            using var pipeline = new Pipeline(_folder, Enabled(), chip, _time);

            await pipeline.Service.ReadOnceAsync(CancellationToken.None);

            Assert.Equal("InvalidDataException: temperature 95 °C is outside the BME280's -40..85 °C", pipeline.Status.Take().LastError);
            Assert.Empty(pipeline.Outbox.TakeLive(10));
        }

        [Fact]
        public void Cpu_temperature_and_throttling_from_sysfs_files_appear_in_status_and_metrics_and_missing_files_are_absent()
        {
            GatewayOptions options = Valid();
            options.Board.CpuTemperaturePath = Path.Combine(_folder, "temp");
            options.Board.ThrottledPath = Path.Combine(_folder, "get_throttled");
            var health = new BoardHealth(options, new SensorStatus());
            Assert.Equal("{\"faults\":[]}", health.Status().ToJsonString());
            Assert.Equal("", Metrics(health));

            // thermal_zone0/temp: millidegrees; get_throttled: the kernel's "%x\n" (under-voltage and throttled now and since boot).
            File.WriteAllText(options.Board.CpuTemperaturePath, "48312\n");
            File.WriteAllText(options.Board.ThrottledPath, "50005\n");

            JsonObject status = health.Status();
            Assert.Equal(48.312, (double)status["cpu_temperature_c"]!);
            Assert.Equal("0x50005", (string?)status["throttled"]!["raw"]);
            Assert.True((bool)status["throttled"]!["under_voltage"]! && (bool)status["throttled"]!["throttled"]! && (bool)status["throttled"]!["under_voltage_since_boot"]!);
            Assert.False((bool)status["throttled"]!["frequency_capped"]! || (bool)status["throttled"]!["soft_temperature_limit_since_boot"]!);
            Assert.Equal("the Pi's supply voltage is too low", (string?)status["faults"]![0]);
            string metrics = Metrics(health);
            Assert.Contains("smile_gateway_cpu_temperature_celsius 48.312\n", metrics);
            Assert.Contains("smile_gateway_under_voltage 1\n", metrics);
            Assert.Contains("smile_gateway_under_voltage_since_boot 1\n", metrics);
            Assert.Contains("smile_gateway_throttled 1\n", metrics);
            Assert.Contains("smile_gateway_frequency_capped 0\n", metrics);
            Assert.Equal(new ThrottledFlags(0x50005), ThrottledFlags.Parse("throttled=0x50005\n"));
            Assert.Null(ThrottledFlags.Parse("garbage"));
        }

        [Fact]
        public void The_led_is_steady_while_forwarding_blinks_at_1_hz_while_buffering_and_at_5_hz_on_a_fault()
        {
            var driver = new RecordingGpioDriver(_time);
            GatewayState state = GatewayState.Forwarding;
            var led = new StatusLed(new GpioController(driver), 17, () => state, _time);
            Assert.Equal(PinMode.Output, driver.ModeOf(17));
            driver.Writes.Clear();

            Run(led, TimeSpan.FromSeconds(5));
            Assert.Equal(new[] { (17, PinValue.High, Start) }, driver.Writes);

            driver.Writes.Clear();
            state = GatewayState.Buffering;
            Run(led, TimeSpan.FromSeconds(5));
            Assert.Equal(LedPattern.SlowBlink, led.Pattern);
            AssertBlinks(driver.Writes, TimeSpan.FromMilliseconds(500));

            driver.Writes.Clear();
            state = GatewayState.Fault;
            Run(led, TimeSpan.FromSeconds(5));
            Assert.Equal(LedPattern.FastBlink, led.Pattern);
            AssertBlinks(driver.Writes, TimeSpan.FromMilliseconds(100));

            led.Dispose();
            Assert.Equal(PinValue.Low, driver.Writes[^1].Level);
            Assert.Empty(driver.OpenPins);
            Assert.True(driver.Disposed);
        }

        [Fact]
        public void A_wall_clock_step_back_at_the_first_time_sync_does_not_freeze_the_led()
        {
            var time = new SteppableTime();
            GatewayState state = GatewayState.Forwarding;
            var led = new StatusLed(new GpioController(new RecordingGpioDriver(time)), 17, () => state, time);
            led.Step();

            time.Step(-SteppableTime.YearMs);

            Assert.InRange(led.Step(), TimeSpan.Zero, TimeSpan.FromSeconds(1)); // steady light: the next state check
            state = GatewayState.Fault;
            time.Pass(1_000);
            led.Step();
            Assert.Equal(LedPattern.FastBlink, led.Pattern);
        }

        /// <summary>What the service does: step, then sleep as long as the step says (here: the fake clock jumps).</summary>
        private void Run(StatusLed led, TimeSpan span)
        {
            DateTimeOffset end = _time.GetUtcNow() + span;
            while (_time.GetUtcNow() < end)
            {
                _time.Advance(led.Step());
            }
        }

        /// <summary>Each write toggles the level, one half period after the one before (the first may follow the state check).</summary>
        private static void AssertBlinks(List<(int Pin, PinValue Level, DateTimeOffset At)> writes, TimeSpan half)
        {
            Assert.True(writes.Count >= 8, writes.Count + " writes");
            for (int i = 1; i < writes.Count; i++)
            {
                Assert.NotEqual(writes[i - 1].Level, writes[i].Level);
                if (i > 1)
                {
                    Assert.Equal(half, writes[i].At - writes[i - 1].At);
                }
            }
        }

        private static string Metrics(BoardHealth health)
        {
            var text = new StringBuilder();
            health.Prometheus((name, _, value) => text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n'));
            return text.ToString();
        }

        private static BoardSettings Bind(Dictionary<string, string?> settings)
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var options = new GatewayOptions();
            configuration.GetSection(GatewayOptions.Section).Bind(options);
            return options.Board;
        }

        private static GatewayOptions Valid()
        {
            var options = new GatewayOptions();
            options.Gateway.Id = "gw-1";
            options.Gateway.Site = "hafen";
            return options;
        }

        private static GatewayOptions Enabled()
        {
            GatewayOptions options = Valid();
            options.Board.Bme280.Enabled = true;
            options.Board.CpuTemperaturePath = "";
            options.Board.ThrottledPath = "";
            return options;
        }

        /// <summary>The processor, the outbox and the own sensor's service as the gateway wires them, on a real SQLite buffer.</summary>
        private sealed class Pipeline : IDisposable
        {
            private readonly GatewayStore _store;

            public Pipeline(string folder, GatewayOptions options, I2cDevice chip, TimeProvider time)
            {
                Options = options;
                _store = new GatewayStore(Path.Combine(folder, "buffer.db"), options.Buffer, NullLogger.Instance);
                Outbox = new Outbox(_store);
                var processor = new UplinkProcessor(options, new Deduplicator(3_600_000), new NodeDirectory());
                Health = new BoardHealth(options, Status);
                Service = new OwnSensorService(options, new SimulatedBoard(chip), new OwnUplinks(options, processor, Outbox, new PipelineGate()), Status, time,
                    NullLogger<OwnSensorService>.Instance);
            }

            public GatewayOptions Options { get; }

            public Outbox Outbox { get; }

            public SensorStatus Status { get; } = new SensorStatus();

            public BoardHealth Health { get; }

            public OwnSensorService Service { get; }

            public void Dispose()
            {
                Service.Dispose();
                _store.Dispose();
            }
        }

        /// <summary>A Pi whose I2C bus holds the simulated chip; the sensor opens it again after each failure, as it would /dev/i2c-1.</summary>
        private sealed class SimulatedBoard : IBoardDevices
        {
            private readonly I2cDevice _chip;

            public SimulatedBoard(I2cDevice chip) => _chip = chip;

            public I2cDevice OpenI2c(int bus, int address) => _chip;

            public GpioController OpenGpio() => throw new NotSupportedException("no GPIO in these tests");
        }
    }
}
