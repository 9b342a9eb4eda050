using System.Device.Adc;
using System.Device.I2c;
using Iot.Device.Bmxx80;
using Smile.Frames;
using Smile.Node;
using Smile.Node.App;
using Smile.Simulation.Devices;
using Smile.Simulation.World;

namespace Smile.Simulation.Fleet
{
    /// <summary>
    /// A fleet node's BME280 and battery divider on the simulated board, measured through the firmware's own
    /// Bme280Sensor (the Bmxx80 binding's readings, the ADC's 12-bit code, the calibration factor). Each measurement
    /// first puts the world's air and battery at that moment on the board. The fleet's boards share the one static
    /// SimulatedBoard, so each node's chip sits on an I2C bus and an ADC channel of its own.
    /// </summary>
    internal sealed class FleetBoard : IEnvironmentSensor
    {
        private const int FirstBus = 1000;
        private const int FirstAdcChannel = 1000;

        // The node's divider and the ADC's full scale, as Bme280Sensor converts them back (hardware/power-budget.md, "Battery reading").
        private const double AdcFullScaleVolts = 3.3;
        private const double DividerRatio = 2.0;

        // A forced measurement at ×1 oversampling: 9.3 ms at most (formats.md §6), with the bus traffic 10 ms.
        private const int MeasurementMs = 10;

        private readonly SmilePlaceWorld _world;
        private readonly NodeSite _site;
        private readonly VirtualClock _clock;
        private readonly SimulatedBme280 _chip = new SimulatedBme280();
        private readonly int _adcChannel;
        private readonly Bme280Sensor _sensor;

        public FleetBoard(SmilePlaceWorld world, NodeSite site, VirtualClock clock, int calibrationPermille)
        {
            _world = world;
            _site = site;
            _clock = clock;
            _adcChannel = FirstAdcChannel + site.Index;
            SimulatedBoard.I2cDevices[(FirstBus + site.Index, Bme280.SecondaryI2cAddress)] = _chip;
            var bme = new Bme280(I2cDevice.Create(new I2cConnectionSettings(FirstBus + site.Index, Bme280.SecondaryI2cAddress)));
            _sensor = new Bme280Sensor(bme, site.Battery == null ? null : new AdcController().OpenChannel(_adcChannel), calibrationPermille);
        }

        /// <summary>Fleet time (seconds since the fleet started) of the wake now running.</summary>
        public long FleetSeconds { get; set; }

        public void Measure(Sample sample)
        {
            EnvironmentReading reading = _world.Measured(_site, FleetSeconds);
            _chip.TemperatureC = reading.TemperatureC;
            _chip.HumidityPercent = reading.HumidityPercent;
            _chip.PressureHpa = reading.PressureHpa;
            if (_site.Battery != null)
            {
                SimulatedBoard.AdcRatios[_adcChannel] = _world.BatteryVolts(_site, FleetSeconds) / DividerRatio / AdcFullScaleVolts;
            }

            _clock.Spend(MeasurementMs);
            _sensor.Measure(sample);
        }
    }
}
