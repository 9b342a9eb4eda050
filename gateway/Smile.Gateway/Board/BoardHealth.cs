using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The Smile Place's own hardware in the gateway's status: the Pi's temperature and power, the own sensor's state,
    /// and which of them needs a technician (a fault: the status LED blinks fast).
    /// </summary>
    public sealed class BoardHealth
    {
        private readonly BoardSettings _settings;
        private readonly SensorStatus _sensor;

        public BoardHealth(GatewayOptions options, SensorStatus sensor)
        {
            _settings = options.Board;
            _sensor = sensor;
        }

        public bool SensorEnabled => _settings.Bme280.Enabled;

        public PiVitals Vitals() => PiVitals.Read(_settings);

        public SensorStatus.Snapshot Sensor() => _sensor.Take();

        /// <summary>What needs a technician now: under-voltage (a weak power supply corrupts SD cards) and an own sensor that fails.</summary>
        public List<string> Faults(PiVitals vitals, SensorStatus.Snapshot sensor)
        {
            var faults = new List<string>();
            if (vitals.Throttled is { UnderVoltage: true })
            {
                faults.Add("the Pi's supply voltage is too low");
            }

            if (SensorEnabled && sensor.Failing)
            {
                faults.Add("the BME280 fails: " + sensor.LastError);
            }

            return faults;
        }

        public List<string> Faults() => Faults(Vitals(), Sensor());

        /// <summary>For /status: only what is known; a PC has no "board" figures but an empty object.</summary>
        public JsonObject Status()
        {
            PiVitals vitals = Vitals();
            SensorStatus.Snapshot sensor = Sensor();
            var status = new JsonObject();
            if (vitals.CpuTemperatureC is double celsius)
            {
                status["cpu_temperature_c"] = celsius;
            }

            if (vitals.Throttled is ThrottledFlags flags)
            {
                status["throttled"] = new JsonObject
                {
                    ["raw"] = flags.ToString(),
                    ["under_voltage"] = flags.UnderVoltage,
                    ["frequency_capped"] = flags.FrequencyCapped,
                    ["throttled"] = flags.Throttled,
                    ["soft_temperature_limit"] = flags.SoftTemperatureLimit,
                    ["under_voltage_since_boot"] = flags.UnderVoltageSinceBoot,
                    ["frequency_capped_since_boot"] = flags.FrequencyCappedSinceBoot,
                    ["throttled_since_boot"] = flags.ThrottledSinceBoot,
                    ["soft_temperature_limit_since_boot"] = flags.SoftTemperatureLimitSinceBoot,
                };
            }

            if (SensorEnabled)
            {
                var bme280 = new JsonObject
                {
                    ["failing"] = sensor.Failing,
                    ["readings"] = sensor.Readings,
                    ["failures"] = sensor.Failures,
                    ["consecutive_failures"] = sensor.ConsecutiveFailures,
                    ["last_error"] = sensor.LastError,
                    ["last_error_at"] = sensor.LastErrorAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                };
                if (sensor.Last is OwnReading last)
                {
                    bme280["last_reading_at"] = sensor.LastAt!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    bme280["temperature_c"] = last.TemperatureC;
                    bme280["humidity_pct"] = last.HumidityPercent;
                    bme280["pressure_hpa"] = last.PressureHpa;
                }

                status["bme280"] = bme280;
            }

            var faults = new JsonArray();
            foreach (string fault in Faults(vitals, sensor))
            {
                faults.Add((JsonNode)fault);
            }

            status["faults"] = faults;
            return status;
        }

        /// <summary>The Prometheus gauges of what is known, through the caller's writer (name, help, value).</summary>
        public void Prometheus(Action<string, string, double> gauge)
        {
            PiVitals vitals = Vitals();
            if (vitals.CpuTemperatureC is double celsius)
            {
                gauge("smile_gateway_cpu_temperature_celsius", "the Pi's SoC temperature", celsius);
            }

            if (vitals.Throttled is ThrottledFlags flags)
            {
                gauge("smile_gateway_under_voltage", "1 while the Pi's supply voltage is too low", flags.UnderVoltage ? 1 : 0);
                gauge("smile_gateway_under_voltage_since_boot", "1 when the Pi's supply voltage was too low since boot", flags.UnderVoltageSinceBoot ? 1 : 0);
                gauge("smile_gateway_frequency_capped", "1 while the Pi's ARM frequency is capped", flags.FrequencyCapped ? 1 : 0);
                gauge("smile_gateway_throttled", "1 while the Pi is throttled", flags.Throttled ? 1 : 0);
                gauge("smile_gateway_soft_temperature_limit", "1 while the Pi's soft temperature limit is active", flags.SoftTemperatureLimit ? 1 : 0);
            }

            if (SensorEnabled)
            {
                SensorStatus.Snapshot sensor = Sensor();
                gauge("smile_gateway_own_sensor_up", "1 while the gateway's own BME280 reads, 0 while it fails", sensor.Failing ? 0 : 1);
                gauge("smile_gateway_own_sensor_failures_total", "failed readings of the gateway's own BME280 since start", sensor.Failures);
            }
        }
    }
}
