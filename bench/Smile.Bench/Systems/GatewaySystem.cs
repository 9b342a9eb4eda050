using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>
    /// The gateway with its default configuration (durable buffer on), or with the disk wait turned off; run on the .NET
    /// runtime from its build, or as the packages ship it, compiled ahead of time (bench/run publishes it).
    /// </summary>
    public sealed class GatewaySystem : ISystemUnderTest
    {
        private readonly GatewayProcess _gateway;

        private GatewaySystem(Mosquitto local, GatewayProcess gateway, string name)
        {
            Local = local;
            _gateway = gateway;
            Name = name;
        }

        /// <summary>Where bench/run publishes the gateway as packaging/deb/build.sh compiles it (NativeAOT, linux-x64).</summary>
        public static string AheadOfTimeBinary => RepoPaths.Of("bench", "bin", "gateway-aot", "smile-gateway");

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
        /// <param name="aheadOfTime">Run <see cref="AheadOfTimeBinary"/> instead of the build's smile-gateway.dll.</param>
        public static async Task<GatewaySystem> StartAsync(Mosquitto upstream, bool durable, Dictionary<string, string>? settings = null, bool aheadOfTime = false)
        {
            Mosquitto local = Mosquitto.Start();
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
            {
                ["Smile__Buffer__Durable"] = durable ? "true" : "false",
                ["Smile__Filters__MaxFramesPerNodePerMinute"] = "0",
            };
            var gateway = new GatewayProcess(local, upstream, all, aheadOfTime ? AheadOfTimeBinary : null);
            await gateway.StartReadyAsync();
            return new GatewaySystem(local, gateway, (durable ? "gateway" : "gateway, durability off") + (aheadOfTime ? " (NativeAOT)" : ""));
        }

        public void Dispose()
        {
            _gateway.Dispose();
            Local.Dispose();
        }
    }
}
