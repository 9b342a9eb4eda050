using System;
using Smile.Simulation;

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    /// <summary>As nanoFramework's: Equals(PinValue) without IEquatable (System.Device.Gpio cd991582, PinValue.cs).</summary>
    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value) => _value = value;

        public static PinValue Low => new PinValue(0);

        public static PinValue High => new PinValue(1);

        public static bool operator ==(PinValue a, PinValue b) => a._value == b._value;

        public static bool operator !=(PinValue a, PinValue b) => a._value != b._value;

        public bool Equals(PinValue other) => _value == other._value;

        public override bool Equals(object? obj) => obj is PinValue other && Equals(other);

        public override int GetHashCode() => _value;
    }

    /// <summary>GPIO on the simulated board: an input reads the level SimulatedBoard.PinLevels gives, or its pull.</summary>
    public sealed class GpioController : IDisposable
    {
        public GpioPin OpenPin(int pinNumber, PinMode mode) => new GpioPin(pinNumber, mode);

        public void Dispose()
        {
        }
    }

    public sealed class GpioPin : IDisposable
    {
        private readonly int _pin;
        private readonly PinMode _mode;

        internal GpioPin(int pin, PinMode mode)
        {
            _pin = pin;
            _mode = mode;
        }

        public PinValue Read()
        {
            bool level = SimulatedBoard.PinLevels.TryGetValue(_pin, out bool set) ? set : _mode == PinMode.InputPullUp;
            return level ? PinValue.High : PinValue.Low;
        }

        public void Dispose()
        {
        }
    }
}
