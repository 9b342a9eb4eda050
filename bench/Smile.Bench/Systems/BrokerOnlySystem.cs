using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>
    /// The baseline, nothing in between: the load publishes to the platform's broker (shipped policy) and the platform
    /// subscribes there. What the load generator, one mosquitto and the subscriber reach on this machine bounds every
    /// other figure; a system that comes close to it is limited by the instrument, not by itself.
    /// </summary>
    public sealed class BrokerOnlySystem : ISystemUnderTest
    {
        public BrokerOnlySystem(Mosquitto upstream) => Local = upstream;

        public string Name => "broker only (baseline)";

        public int Pid => Local.Pid;

        /// <summary>The platform's broker itself; the run owns it.</summary>
        public Mosquitto Local { get; }

        public PlatformSubscriber.Shape Shape => PlatformSubscriber.Shape.RawFrame;

        public string UpstreamFilter => "smile/up/#";

        public Task KillAndRestartAsync()
        {
            Local.Kill();
            Local.StartAgain();
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
