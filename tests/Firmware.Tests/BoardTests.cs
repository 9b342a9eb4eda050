using System;
using Smile.Frames;
using Smile.Simulation;
using Xunit;
using Cause = nanoFramework.Hardware.Esp32.Sleep.WakeupCause;

namespace Smile.Firmware.Tests
{
    /// <summary>Where boards differ: the BME280's address (SDO tied to GND or VCC) and the uncalibrated ADC's spread.</summary>
    [Collection("simulated board")]
    public sealed class BoardTests : IDisposable
    {
        private readonly SimulatedNode _node = new SimulatedNode();

        public void Dispose() => _node.Dispose();

        [Fact]
        public void A_bme280_at_0x77_is_found_when_0x76_does_not_answer()
        {
            SimulatedBoard.I2cDevices.Clear();
            SimulatedBoard.I2cDevices[(1, 0x77)] = new SimulatedBme280 { TemperatureC = 21.5 };
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));

            _node.Wake(Cause.Undefined);

            Assert.Equal(21.5, _node.Frames()[1].Samples[0].GetValue(Fields.Temperature));
        }

        [Fact]
        public void A_configured_address_is_the_only_one_tried()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan + @", ""Bme280Address"": 119"));

            _node.Wake(Cause.Undefined);

            Assert.False(_node.Frames()[1].Samples[0].Has(Fields.Temperature));
        }

        [Fact]
        public void A_bme280_that_stops_answering_after_its_chip_id_gives_no_reading_rather_than_minus_141_degrees()
        {
            SimulatedBoard.I2cDevices[(1, 0x76)].Failing = true;
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));

            _node.Wake(Cause.Undefined);

            Sample sample = _node.Frames()[1].Samples[0];
            Assert.False(sample.Has(Fields.Temperature) || sample.Has(Fields.Humidity) || sample.Has(Fields.Pressure));
            Assert.True(sample.Has(Fields.Battery));
        }

        [Fact]
        public void The_battery_reading_carries_the_nodes_calibration_factor()
        {
            // Raw code 2416 of 4095 through the 1:2 divider reads 3.89 V nominal; this chip's ADC reads 4 % low.
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan + @", ""BatteryCalibrationPermille"": 1040"));

            _node.Wake(Cause.Undefined);

            Assert.Equal(4.05, _node.Frames()[1].Samples[0].GetValue(Fields.Battery));
        }
    }
}
