using System;
using System.Collections.Generic;
using System.IO;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The Debian packages of packaging/deb/build.sh, each architecture built once per test run when a test first asks
    /// for it (compiling the gateway ahead of time takes minutes) and shared by the package tests; removed when the run ends.
    /// </summary>
    internal static class BuiltPackages
    {
        private static readonly Dictionary<string, Lazy<string>> Built = new Dictionary<string, Lazy<string>>
        {
            ["amd64"] = new Lazy<string>(() => Build("amd64")),
            ["arm64"] = new Lazy<string>(() => Build("arm64")),
        };

        /// <summary>The package for a Debian architecture: arm64 or amd64.</summary>
        public static string Of(string architecture) => Built[architecture].Value;

        private static string Build(string architecture)
        {
            string folder = Directory.CreateTempSubdirectory("smile-debs-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, true);
            return ProcessRunner.Run("env", "SMILE_ARCHITECTURES=" + architecture, RepoPaths.Of("packaging", "deb", "build.sh"), folder).Trim();
        }
    }
}
