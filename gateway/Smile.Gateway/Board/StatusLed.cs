using System;
using System.Device.Gpio;
using Smile.Gateway.Health;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The status LED on one GPIO pin (active high: pin, resistor, LED, ground). <see cref="Step"/> asks the gateway's
    /// state at most once a second, sets the pin for this moment of the pattern and says when it must change next; a
    /// new pattern starts with the LED on. The pin is written only when its level changes.
    /// </summary>
    public sealed class StatusLed : IDisposable
    {
        private static readonly TimeSpan StateCheck = TimeSpan.FromSeconds(1);
        private readonly GpioController _gpio;
        private readonly int _pin;
        private readonly Func<GatewayState> _state;
        private readonly TimeProvider _time;
        private LedPattern? _pattern;
        private DateTimeOffset _patternSince;
        private DateTimeOffset _nextCheck;
        private PinValue? _level;

        public StatusLed(GpioController gpio, int pin, Func<GatewayState> state, TimeProvider time)
        {
            _gpio = gpio;
            _pin = pin;
            _state = state;
            _time = time;
            try
            {
                _gpio.OpenPin(pin, PinMode.Output, PinValue.Low);
            }
            catch
            {
                // The LED owns the controller from here on, also when it could not take its pin.
                _gpio.Dispose();
                throw;
            }
        }

        public LedPattern? Pattern => _pattern;

        /// <summary>Sets the LED for now; returns how long until the next step is due.</summary>
        public TimeSpan Step()
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_pattern == null || now >= _nextCheck)
            {
                LedPattern pattern = LedPatterns.Of(_state());
                if (pattern != _pattern)
                {
                    (_pattern, _patternSince) = (pattern, now);
                }

                _nextCheck = now + StateCheck;
            }

            if (LedPatterns.HalfPeriod(_pattern!.Value) is not TimeSpan half)
            {
                Write(PinValue.High);
                return _nextCheck - now;
            }

            long halves = (now - _patternSince).Ticks / half.Ticks;
            Write(halves % 2 == 0 ? PinValue.High : PinValue.Low);
            TimeSpan untilToggle = _patternSince + TimeSpan.FromTicks((halves + 1) * half.Ticks) - now;
            TimeSpan untilCheck = _nextCheck - now;
            return untilToggle < untilCheck ? untilToggle : untilCheck;
        }

        /// <summary>Off, and the pin released: a stopped gateway shows no state it is not in.</summary>
        public void Dispose()
        {
            Write(PinValue.Low);
            _gpio.ClosePin(_pin);
            _gpio.Dispose();
        }

        private void Write(PinValue level)
        {
            if (_level != level)
            {
                _gpio.Write(_pin, level);
                _level = level;
            }
        }
    }
}
