using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Smile.Place;

namespace Smile.Nodectl.Tests
{
    /// <summary>
    /// A Linux pseudo-terminal: the node's end (the master, where the firmware's console code runs) and a device path
    /// that nodectl opens as it opens /dev/ttyUSB0. Raw and without echo, as a USB serial bridge is.
    /// </summary>
    public sealed partial class PseudoTerminal : IDisposable
    {
        private const int ReadWrite = 2;
        private const int NoControllingTerminal = 0x100;
        private readonly FileStream _keepOpen;

        public PseudoTerminal()
        {
            int master = posix_openpt(ReadWrite | NoControllingTerminal);
            if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
            {
                throw new IOException("no pseudo-terminal: errno " + Marshal.GetLastPInvokeError());
            }

            DevicePath = Marshal.PtrToStringAnsi(ptsname(master))!;
            Mosquitto.Run("stty", "-F", DevicePath, "raw", "-echo");

            // While no one holds the device end open, reads on the master fail: the test holds it for the node.
            _keepOpen = new FileStream(DevicePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            NodeEnd = new FileStream(new SafeFileHandle(master, true), FileAccess.ReadWrite, 1);
        }

        public string DevicePath { get; }

        public FileStream NodeEnd { get; }

        public void Dispose()
        {
            NodeEnd.Dispose();
            _keepOpen.Dispose();
        }

        [LibraryImport("libc", SetLastError = true)]
        private static partial int posix_openpt(int flags);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int grantpt(int fd);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int unlockpt(int fd);

        [LibraryImport("libc")]
        private static partial IntPtr ptsname(int fd);
    }
}
