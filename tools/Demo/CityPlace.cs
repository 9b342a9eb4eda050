using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.City;
using Smile.Simulation.Place;

namespace Smile.Demo
{
    /// <summary>One Smile Place of the city: its own broker, its gateway forwarding to every cluster member, its fleet.</summary>
    public sealed class CityPlace : IAsyncDisposable
    {
        private readonly Mosquitto _broker;

        private CityPlace(int index, Mosquitto broker, GatewayProcess gateway, UplinkPublisher fleet)
        {
            Site = "place-" + (index + 1);
            _broker = broker;
            Gateway = gateway;
            Fleet = fleet;
        }

        public string Site { get; }

        public GatewayProcess Gateway { get; }

        public UplinkPublisher Fleet { get; }

        /// <summary>
        /// Starts the place's broker and gateway. Each gateway lists the members starting at a different one, so the
        /// places spread over the cluster, and each moves on to the next member when its own fails.
        /// </summary>
        public static async Task<CityPlace> StartAsync(int index, NatsCluster nats)
        {
            var broker = Mosquitto.Start();
            var settings = new Dictionary<string, string>
            {
                ["Smile__Gateway__Id"] = "gw-" + (index + 1),
                ["Smile__Gateway__Site"] = "place-" + (index + 1),
                ["Smile__Upstream__UnsupportedTopicCharacters"] = " .",
                ["Smile__Upstream__ClientId"] = "gw-" + (index + 1) + "-up",
                ["Smile__Upstream__ReplayMaxPerSecond"] = "1000",
            };
            for (int k = 0; k < nats.Members.Count; k++)
            {
                settings["Smile__Upstream__Members__" + k] = "127.0.0.1:" + nats.Members[(index + k) % nats.Members.Count].MqttPort;
            }

            var gateway = new GatewayProcess(broker, nats.Members[index % nats.Members.Count].MqttPort, settings);
            await gateway.StartReadyAsync();
            return new CityPlace(index, broker, gateway, new UplinkPublisher(broker.Port, "p" + (index + 1), "fleet-" + (index + 1)));
        }

        public Task RunAsync(CityOptions options, CancellationToken cancel) =>
            Fleet.RunAsync(options.Nodes, options.RatePerPlace, Math.Min(options.RatePerPlace * options.Seconds, options.Nodes * 4095), cancel);

        /// <summary>Messages waiting in the gateway's buffer; -1 when its status cannot be read.</summary>
        public async Task<long> BufferedAsync()
        {
            try
            {
                return (long?)(await Gateway.StatusAsync())["buffer_messages"] ?? -1;
            }
            catch (Exception e) when (e is System.Net.Http.HttpRequestException or TaskCanceledException)
            {
                return -1;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Fleet.DisposeAsync();
            Gateway.Terminate();
            Gateway.Dispose();
            _broker.Dispose();
        }
    }
}
