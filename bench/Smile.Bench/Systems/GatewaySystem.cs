using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>The gateway with its default configuration (durable buffer on), or with the disk wait turned off.</summary>
    public sealed class GatewaySystem : ISystemUnderTest
    {
        private readonly GatewayProcess _gateway;

        private GatewaySystem(Mosquitto local, GatewayProcess gateway, bool durable)
        {
            Local = local;
            _gateway = gateway;
            Name = durable ? "gateway" : "gateway, durability off";
        }

        public string Name { get; }

        public int Pid => _gateway.Pid;

        public Mosquitto Local { get; }

        public PlatformSubscriber.Shape Shape => PlatformSubscriber.Shape.Normalized;

        public string UpstreamFilter => "smile/v1/#";

        public GatewayProcess Process => _gateway;

        public Task KillAndRestartAsync() => _gateway.RestartAfterKillAsync();

        /// <param name="upstream">The broker standing in for the city platform.</param>
        /// <param name="durable">false: Buffer:Durable off, no disk wait before the acknowledgement.</param>
        /// <param name="settings">More settings over the default configuration (the disk-full scenario bounds the buffer).</param>
        public static async Task<GatewaySystem> StartAsync(Mosquitto upstream, bool durable, Dictionary<string, string>? settings = null)
        {
            Mosquitto local = Mosquitto.Start();
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
            {
                ["Smile__Buffer__Durable"] = durable ? "true" : "false",
                ["Smile__Filters__MaxFramesPerNodePerMinute"] = "0",
            };
            var gateway = new GatewayProcess(local, upstream, all);
            await gateway.StartReadyAsync();
            return new GatewaySystem(local, gateway, durable);
        }

        public void Dispose()
        {
            _gateway.Dispose();
            Local.Dispose();
        }
    }
}
