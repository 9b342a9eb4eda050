using System.Net;
using System.Net.Sockets;

namespace Smile.Simulation.Place
{
    /// <summary>Every broker, database and gateway a test or the demo starts listens on loopback only.</summary>
    public static class Loopback
    {
        public static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
