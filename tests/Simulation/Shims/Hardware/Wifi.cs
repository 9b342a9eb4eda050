using System;
using System.Diagnostics;
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
    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ErrorConnetingToWiFiWhileScanning,
        ExceptionOccurred,
        Reconnecting,
    }

    /// <summary>
    /// nanoFramework's Wi-Fi helper on the simulated board (System.Device.Wifi WifiNetworkHelper, research note d): it
    /// never throws; with requiresDateTime it polls every 200 ms until DateTime.UtcNow's year is 2021 or later (SNTP
    /// sets the RTC after the station gets an address) and returns false with TokenExpiredWaitingDateTime when the
    /// token expires first.
    /// </summary>
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status { get; private set; }

        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic,
            bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            if (!SimulatedBoard.WifiUp || ssid != SimulatedBoard.WifiSsid)
            {
                // No access point: the helper keeps polling for an address until the token expires (System.Net
                // NetworkHelper.cs ~186-192, every 200 ms); without a token it would wait forever.
                token.WaitHandle.WaitOne();
                Status = NetworkHelperStatus.TokenExpiredWaitingIPAddress;
                return false;
            }

            var connected = Stopwatch.StartNew();
            while (requiresDateTime && Rtc(connected).Year < 2021)
            {
                if (token.IsCancellationRequested)
                {
                    Status = NetworkHelperStatus.TokenExpiredWaitingDateTime;
                    return false;
                }

                token.WaitHandle.WaitOne(200);
            }

            Rtc(connected);
            Status = NetworkHelperStatus.NetworkIsReady;
            return true;
        }

        /// <summary>The simulated RTC, which SNTP sets once its delay after the connection has passed.</summary>
        private static DateTime Rtc(Stopwatch connected)
        {
            if (SimulatedBoard.RtcUtc.Year < 2021 && SimulatedBoard.SntpDelay is TimeSpan delay && connected.Elapsed >= delay)
            {
                SimulatedBoard.RtcUtc = DateTime.UtcNow;
            }

            return SimulatedBoard.RtcUtc;
        }
    }
}
