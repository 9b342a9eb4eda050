using System.Collections.Generic;
using System.IO;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Runs arm64 programs on this machine with qemu's user-mode emulator and the arm64 C library of Debian's cross
    /// packages (scripts/setup.sh installs qemu-user-static, libc6-arm64-cross, libstdc++6-arm64-cross and, through
    /// multiarch, libssl3:arm64).
    /// </summary>
    internal static class Qemu
    {
        public const string Emulator = "/usr/bin/qemu-aarch64-static";

        /// <summary>Where libc6-arm64-cross puts the arm64 loader and C library.</summary>
        public const string SystemRoot = "/usr/aarch64-linux-gnu";

        /// <summary>libssl3:arm64 (multiarch): without it the arm64 .NET runtime has no TLS.</summary>
        public const string OpenSsl = "/usr/lib/aarch64-linux-gnu/libssl.so.3";

        public static bool Installed => File.Exists(Emulator) && Directory.Exists(SystemRoot);

        /// <summary>The emulator's arguments to run an arm64 program.</summary>
        public static IReadOnlyList<string> Arguments(string program) => new[] { "-L", SystemRoot, program };
    }

    /// <summary>A test that needs qemu: skipped, saying so, on a machine without it.</summary>
    public sealed class QemuFactAttribute : FactAttribute
    {
        public QemuFactAttribute()
        {
            if (!Qemu.Installed)
            {
                Skip = "qemu-user-static and libc6-arm64-cross are not installed (scripts/setup.sh installs them): the arm64 package cannot be run here";
            }
        }
    }
}
