using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// Reads the Smile Place's own BME280 every Board:Bme280:IntervalSeconds (the first at start) and stores the reading
    /// as a frame of the node named like the gateway. A failure (no device, a bus error, a reading no BME280 gives, a
    /// failed commit) is counted, shown on the status page, and logged when it is new; it is retried after 10 s, then
    /// 20, 40, … up to the interval. Nothing here ends the service: a broken sensor must not stop the gateway.
    /// </summary>
    public sealed class OwnSensorService : BackgroundService
    {
        private readonly Bme280Settings _settings;
        private readonly Bme280Sensor _sensor;
        private readonly OwnUplinks _uplinks;
        private readonly SensorStatus _status;
        private readonly TimeProvider _time;
        private readonly ILogger<OwnSensorService> _log;

        public OwnSensorService(GatewayOptions options, IBoardDevices devices, OwnUplinks uplinks, SensorStatus status, TimeProvider time, ILogger<OwnSensorService> log)
        {
            _settings = options.Board.Bme280;
            _sensor = new Bme280Sensor(devices, _settings);
            _uplinks = uplinks;
            _status = status;
            _time = time;
            _log = log;
        }

        public override void Dispose()
        {
            _sensor.Dispose();
            base.Dispose();
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            if (!_settings.Enabled)
            {
                return;
            }

            // Off the host's start: opening the bus and a forced measurement block for some milliseconds.
            await Task.Yield();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(await ReadOnceAsync(stop), _time, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping.
            }
        }

        /// <summary>One reading into the pipeline, or one failure recorded; returns how long until the next.</summary>
        internal async Task<TimeSpan> ReadOnceAsync(CancellationToken stop)
        {
            TimeSpan interval = TimeSpan.FromSeconds(_settings.IntervalSeconds);
            DateTimeOffset now = _time.GetUtcNow();
            string? error;
            try
            {
                OwnReading reading = _sensor.Read();
                byte[]? frame = reading.ToFrame(now.ToUnixTimeSeconds(), out error);
                if (frame != null)
                {
                    await _uplinks.CommitAsync(frame, now.ToUnixTimeMilliseconds(), stop);
                    if (_status.Take().Failing)
                    {
                        _log.LogInformation("the BME280 at I2C bus {Bus} address 0x{Address:x2} reads again", _settings.I2cBus, _settings.Address);
                    }

                    _status.Succeeded(reading, now);
                    return interval;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e.GetType().Name + ": " + e.Message;
            }

            string? previous = _status.Take().LastError;
            int failures = _status.Failed(error!, now);
            if (failures == 1 || error != previous)
            {
                _log.LogWarning("reading the BME280 at I2C bus {Bus} address 0x{Address:x2} failed, retrying with back-off: {Error}", _settings.I2cBus, _settings.Address, error);
            }

            double seconds = OwnReading.KeySeconds * Math.Pow(2, Math.Min(failures - 1, 16));
            return seconds < interval.TotalSeconds ? TimeSpan.FromSeconds(seconds) : interval;
        }
    }
}
