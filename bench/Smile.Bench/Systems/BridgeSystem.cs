using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>
    /// Peer A: the Smile Place broker bridging smile/up/# to the platform's broker at QoS 1, raw frames, no decoding.
    /// As users run it: mosquitto's defaults (1000 queued messages, no persistence); tuned: the shipped policy
    /// (2 million queued, autosave every 5 s) and a persistent bridge session. The broker is the system under test.
    /// </summary>
    public sealed class BridgeSystem : ISystemUnderTest
    {
        private BridgeSystem(Mosquitto local, bool tuned)
        {
            Local = local;
            Name = tuned ? "mosquitto bridge, tuned" : "mosquitto bridge";
        }

        public string Name { get; }

        public int Pid => Local.Pid;

        public Mosquitto Local { get; }

        public PlatformSubscriber.Shape Shape => PlatformSubscriber.Shape.RawFrame;

        public string UpstreamFilter => "smile/up/#";

        public static BridgeSystem Start(Mosquitto upstream, bool tuned)
        {
            string bridge = "connection platform\naddress 127.0.0.1:" + upstream.Port + "\ntopic smile/up/# out 1\n"
                + (tuned ? "cleansession false\nclientid smile-bridge\npersistence true\n" : "");
            return new BridgeSystem(Mosquitto.Start(bridge, shippedPolicy: tuned), tuned);
        }

        public Task KillAndRestartAsync()
        {
            Local.Kill();
            Local.StartAgain();
            return Task.CompletedTask;
        }

        public void Dispose() => Local.Dispose();
    }
}
