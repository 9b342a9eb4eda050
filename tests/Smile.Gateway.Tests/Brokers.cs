using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>The two brokers of a test: the Smile Place's (with the project's shipped settings) and the platform's.</summary>
    internal static class TestBrokers
    {
        /// <summary>The local broker with the queue and autosave settings of gateway/deploy/mosquitto/smile-place.conf.</summary>
        public static Mosquitto Local() => Mosquitto.Start();

        public static Mosquitto Upstream() => Mosquitto.Start();
    }
}
