using System;
using System.Threading.Tasks;
using Smile.Simulation.Place;

namespace Smile.Bench.Systems
{
    /// <summary>
    /// What carries frames from the Smile Place broker to the platform's broker: the gateway, a mosquitto bridge, or
    /// Node-RED. Started fresh for each run, so peak memory and written bytes belong to that run alone.
    /// </summary>
    public interface ISystemUnderTest : IDisposable
    {
        string Name { get; }

        /// <summary>The process whose resources count.</summary>
        int Pid { get; }

        /// <summary>The broker the load is published to (the bridge is its own broker).</summary>
        Mosquitto Local { get; }

        /// <summary>How an arrival upstream names its node and sequence number.</summary>
        PlatformSubscriber.Shape Shape { get; }

        /// <summary>Topic filter of the arrivals upstream.</summary>
        string UpstreamFilter { get; }

        /// <summary>SIGKILL, then start again from what it kept on disk (ready to take uplinks when the task ends).</summary>
        Task KillAndRestartAsync();
    }
}
