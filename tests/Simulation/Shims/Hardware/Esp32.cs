using System;
using Smile.Simulation;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>ValueTypes is internal in nanoFramework; the device functions are built from it the same way.</summary>
    internal static class ValueTypes
    {
        public const int DeviceIndex = 0x100;
        public const int DeviceType = 0x10000;
    }

    public enum DeviceTypes
    {
        GPIO = 0 * ValueTypes.DeviceType,
        SPI = 1 * ValueTypes.DeviceType,
        I2C = 2 * ValueTypes.DeviceType,
        SERIAL = 3 * ValueTypes.DeviceType,
        ADC = 5 * ValueTypes.DeviceType,
    }

    public enum DeviceFunction
    {
        I2C1_DATA = DeviceTypes.I2C + (1 * ValueTypes.DeviceIndex) + 0,
        I2C1_CLOCK = DeviceTypes.I2C + (1 * ValueTypes.DeviceIndex) + 1,
        COM2_TX = DeviceTypes.SERIAL + (2 * ValueTypes.DeviceIndex) + 0,
        COM2_RX = DeviceTypes.SERIAL + (2 * ValueTypes.DeviceIndex) + 1,
        COM3_TX = DeviceTypes.SERIAL + (3 * ValueTypes.DeviceIndex) + 0,
        COM3_RX = DeviceTypes.SERIAL + (3 * ValueTypes.DeviceIndex) + 1,
    }

    public enum EspNativeError
    {
        OK = 0,
        FAIL = -1,
        INVALID_ARG = 0x102,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
        }
    }

    public class Sleep
    {
        public enum WakeupCause
        {
            Undefined = 0,
            Ext0 = 2,
            Ext1,
            Timer,
            TouchPad,
            Ulp,
            Gpio,
            Uart,
            Wifi,
            CoCpu,
            CoCpuTrapTrig,
            Bt,
        }

        [Flags]
        public enum WakeupGpioPin : ulong
        {
            None = 0,
            Pin27 = (ulong)1 << 27,
        }

        public static EspNativeError EnableWakeupByTimer(TimeSpan time)
        {
            SimulatedBoard.RequestedSleep = time;
            return EspNativeError.OK;
        }

        /// <summary>
        /// As nf-interpreter's native (targets/ESP32/_nanoCLR/nanoFramework.Hardware.Esp32, research note g):
        /// esp_sleep_enable_ext0_wakeup on the highest bit of the mask; a pin that is not an RTC GPIO, or a level other
        /// than 0 or 1, gives INVALID_ARG without an exception; the ESP32-C3 has no ext0 and throws NotSupportedException.
        /// </summary>
        public static EspNativeError EnableWakeupByPin(WakeupGpioPin pin, int level)
        {
            if (SimulatedBoard.Chip == "esp32-c3")
            {
                throw new NotSupportedException();
            }

            if (pin == WakeupGpioPin.None)
            {
                return EspNativeError.OK; // the native configures nothing for an empty mask
            }

            int gpio = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)pin);
            if (!SimulatedBoard.IsRtcGpio(gpio) || (level != 0 && level != 1))
            {
                return EspNativeError.INVALID_ARG;
            }

            SimulatedBoard.WakeupPins = (ulong)1 << gpio;
            SimulatedBoard.WakeupLevel = level;
            return EspNativeError.OK;
        }

        public static WakeupCause GetWakeupCause() => (WakeupCause)SimulatedBoard.WakeupCause;

        public static void StartDeepSleep() => SimulatedBoard.DeepSleep?.Invoke();

        /// <summary>Returns after the timer armed by EnableWakeupByTimer, as the chip does from light sleep.</summary>
        public static EspNativeError StartLightSleep()
        {
            SimulatedBoard.LightSleep?.Invoke(SimulatedBoard.RequestedSleep ?? TimeSpan.Zero);
            return EspNativeError.OK;
        }
    }
}
