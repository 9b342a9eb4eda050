using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;

namespace Smile.Gateway.Tests.Board
{
    /// <summary>
    /// A GPIO driver that records what is done to its pins, each write with the time provider's time. It overrides the
    /// abstract members of System.Device.Gpio 4.2.0's GpioDriver (read from the package with reflection: PinCount,
    /// OpenPin, ClosePin, SetPinMode, GetPinMode, IsPinModeSupported, Read, Write, WaitForEvent and the two callback
    /// members), so a real GpioController drives it.
    /// </summary>
    public sealed class RecordingGpioDriver : GpioDriver
    {
        private readonly TimeProvider _time;
        private readonly Dictionary<int, PinMode> _modes = new Dictionary<int, PinMode>();
        private readonly Dictionary<int, PinValue> _levels = new Dictionary<int, PinValue>();

        public RecordingGpioDriver(TimeProvider time) => _time = time;

        public List<(int Pin, PinValue Level, DateTimeOffset At)> Writes { get; } = new List<(int, PinValue, DateTimeOffset)>();

        public HashSet<int> OpenPins { get; } = new HashSet<int>();

        public bool Disposed { get; private set; }

        public PinMode ModeOf(int pin) => _modes[pin];

        protected override int PinCount => 28;

        protected override void OpenPin(int pinNumber) => OpenPins.Add(pinNumber);

        protected override void ClosePin(int pinNumber) => OpenPins.Remove(pinNumber);

        protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

        protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

        protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

        protected override PinValue Read(int pinNumber) => _levels.TryGetValue(pinNumber, out PinValue level) ? level : PinValue.Low;

        protected override void Write(int pinNumber, PinValue value)
        {
            _levels[pinNumber] = value;
            Writes.Add((pinNumber, value, _time.GetUtcNow()));
        }

        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the status LED never waits for an input");

        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
            throw new NotSupportedException("the status LED never waits for an input");

        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
            throw new NotSupportedException("the status LED never waits for an input");

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
