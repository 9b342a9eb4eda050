using System;
using System.Device.Gpio;
using Smile.Gateway.Health;

namespace Smile.Gateway.Board
{
    /// <summary>
    /// The status LED on one GPIO pin (active high: pin, resistor, LED, ground). <see cref="Step"/> asks the gateway's
    /// state at most once a second, sets the pin for this moment of the pattern and says when it must change next; a
    /// new pattern starts with the LED on. The pin is written only when its level changes. Times are monotonic
    /// timestamps: the Pi steps its wall clock at its first time sync, and a step back froze the LED for its length.
    /// </summary>
    public sealed class StatusLed : IDisposable
    {
        private static readonly TimeSpan StateCheck = TimeSpan.FromSeconds(1);
        private readonly GpioController _gpio;
        private readonly int _pin;
        private readonly Func<GatewayState> _state;
        private readonly TimeProvider _time;
        private LedPattern? _pattern;
        private long _patternSince;
        private long _checkedAt;
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
            long now = _time.GetTimestamp();
            if (_pattern == null || _time.GetElapsedTime(_checkedAt, now) >= StateCheck)
            {
                LedPattern pattern = LedPatterns.Of(_state());
                if (pattern != _pattern)
                {
                    (_pattern, _patternSince) = (pattern, now);
                }

                _checkedAt = now;
            }

            TimeSpan untilCheck = StateCheck - _time.GetElapsedTime(_checkedAt, now);
            if (LedPatterns.HalfPeriod(_pattern!.Value) is not TimeSpan half)
            {
                Write(PinValue.High);
                return untilCheck;
            }

            TimeSpan shown = _time.GetElapsedTime(_patternSince, now);
            long halves = shown.Ticks / half.Ticks;
            Write(halves % 2 == 0 ? PinValue.High : PinValue.Low);
            TimeSpan untilToggle = TimeSpan.FromTicks((halves + 1) * half.Ticks) - shown;
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
