using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;

namespace Smile.Node.App
{
    /// <summary>
    /// Light sleep by the RTC timer (nanoFramework.Hardware.Esp32: EnableWakeupByTimer, StartLightSleep): RAM and
    /// the program stay. The timer set here is set again before deep sleep, so the nap leaves no trace. If the chip
    /// refuses, the wait happens awake: slower on the battery, same outcome.
    /// </summary>
    public sealed class Esp32LightSleep : ILightSleep
    {
        public void Nap(int milliseconds)
        {
            if (Sleep.EnableWakeupByTimer(TimeSpan.FromMilliseconds(milliseconds)) != EspNativeError.OK
                || Sleep.StartLightSleep() != EspNativeError.OK)
            {
                Thread.Sleep(milliseconds);
            }
        }
    }
}
