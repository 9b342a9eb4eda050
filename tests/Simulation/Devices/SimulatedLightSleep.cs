using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>The ESP32's light sleep on the virtual clock: the time passes as light sleep; the UART keeps what arrives.</summary>
    public sealed class SimulatedLightSleep : ILightSleep
    {
        private readonly VirtualClock _clock;

        public SimulatedLightSleep(VirtualClock clock) => _clock = clock;

        public int Naps { get; private set; }

        public void Nap(int milliseconds)
        {
            Naps++;
            _clock.Spend(milliseconds, NodePhase.LightSleep);
        }
    }
}
