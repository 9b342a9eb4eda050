using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Gateway.Health;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// Drives the status LED (Board:StatusLed) from the gateway's state. A GPIO that cannot be opened (no permission, not
    /// a Pi) or fails later is logged and retried every minute: the LED is a convenience, never a reason to stop.
    /// </summary>
    public sealed class StatusLedService : BackgroundService
    {
        private static readonly TimeSpan Retry = TimeSpan.FromMinutes(1);
        private readonly StatusLedSettings _settings;
        private readonly IBoardDevices _devices;
        private readonly Func<GatewayState> _state;
        private readonly TimeProvider _time;
        private readonly ILogger<StatusLedService> _log;

        public StatusLedService(GatewayOptions options, IBoardDevices devices, GatewayHealth health, TimeProvider time, ILogger<StatusLedService> log)
        {
            _settings = options.Board.StatusLed;
            _devices = devices;
            _state = health.State;
            _time = time;
            _log = log;
        }

        protected override async Task ExecuteAsync(CancellationToken stop)
        {
            if (!_settings.Enabled)
            {
                return;
            }

            await Task.Yield();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var led = new StatusLed(_devices.OpenGpio(), _settings.GpioPin, _state, _time);
                        while (true)
                        {
                            await Task.Delay(led.Step(), _time, stop);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _log.LogError("the status LED on GPIO {Pin} failed, retrying in a minute: {Type}: {Error}", _settings.GpioPin, e.GetType().Name, e.Message);
                    }

                    await Task.Delay(Retry, _time, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping; the LED was switched off as it was disposed.
            }
        }
    }
}
