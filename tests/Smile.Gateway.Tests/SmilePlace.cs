using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>A whole Smile Place for one test: both brokers, the gateway process (ready), the platform and a publisher.</summary>
    internal sealed class SmilePlace : IAsyncDisposable
    {
        private SmilePlace(Mosquitto local, Mosquitto upstream, GatewayProcess gateway)
        {
            Local = local;
            Upstream = upstream;
            Gateway = gateway;
        }

        public Mosquitto Local { get; }

        public Mosquitto Upstream { get; }

        public GatewayProcess Gateway { get; }

        public PlatformSubscriber Platform { get; private set; } = null!;

        public FramePublisher Publisher { get; private set; } = null!;

        public static async Task<SmilePlace> StartAsync(Dictionary<string, string>? settings = null)
        {
            Mosquitto local = TestBrokers.Local();
            Mosquitto upstream = TestBrokers.Upstream();
            var place = new SmilePlace(local, upstream, new GatewayProcess(local, upstream, settings));
            await place.Gateway.StartReadyAsync();
            place.Platform = await PlatformSubscriber.ConnectAsync(upstream);
            place.Publisher = await FramePublisher.ConnectAsync(local);
            return place;
        }

        public async ValueTask DisposeAsync()
        {
            await Publisher.DisposeAsync();
            await Platform.DisposeAsync();
            Gateway.Dispose();
            Upstream.Dispose();
            Local.Dispose();
        }
    }
}
