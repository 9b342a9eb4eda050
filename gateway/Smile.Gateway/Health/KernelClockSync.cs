using System;
using System.Runtime.InteropServices;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// The kernel's view, as <c>timedatectl</c>'s "System clock synchronized" shows it: adjtimex(2) with no changes
    /// (modes 0) answers TIME_ERROR while STA_UNSYNC is set, that is until an NTP client (systemd-timesyncd, chrony)
    /// disciplined the clock. Needs no privilege; systemd's ProtectClock= refuses it, so the unit does not set it.
    /// </summary>
    public sealed class KernelClockSync : IClockSync
    {
        private const int TimeError = 5;

        // struct timex is 208 bytes on 64-bit Linux; modes (0: read only) is its first field. Only the return value is used.
        private const int TimexSize = 256;

        public ClockSyncState Read()
        {
            if (!OperatingSystem.IsLinux())
            {
                return ClockSyncState.Unknown;
            }

            byte[] timex = new byte[TimexSize];
            int state;
            try
            {
                state = Adjtimex(timex);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return ClockSyncState.Unknown;
            }

            return state < 0 ? ClockSyncState.Unknown : state == TimeError ? ClockSyncState.Unsynchronized : ClockSyncState.Synchronized;
        }

        [DllImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
        private static extern int Adjtimex(byte[] timex);
    }
}
