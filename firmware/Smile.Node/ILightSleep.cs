namespace Smile.Node
{
    /// <summary>
    /// The ESP32's light sleep: RAM and the running program stay, the CPU stops until a timer wakes it (about 0.8 mA
    /// instead of about 40 mA awake). For waits whose end is known in advance, such as a modem's receive windows.
    /// </summary>
    public interface ILightSleep
    {
        /// <summary>Sleeps about milliseconds, then returns; lines the UART receives meanwhile may be lost.</summary>
        void Nap(int milliseconds);
    }
}
