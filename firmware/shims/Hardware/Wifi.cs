using System.Threading;
using Smile.Simulation;

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}

namespace nanoFramework.Networking
{
    /// <summary>nanoFramework's Wi-Fi helper on the simulated board: the access point is there or not.</summary>
    public static class WifiNetworkHelper
    {
        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            return SimulatedBoard.WifiUp && ssid == SimulatedBoard.WifiSsid;
        }
    }
}
