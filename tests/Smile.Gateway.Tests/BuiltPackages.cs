using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The Debian packages of packaging/deb/build.sh, built once per test run (a self-contained publish per
    /// architecture takes minutes) and shared by the package tests; removed when the run ends.
    /// </summary>
    internal static class BuiltPackages
    {
        private static readonly Lazy<Dictionary<string, string>> Built = new Lazy<Dictionary<string, string>>(Build);

        /// <summary>The package for a Debian architecture: arm64 or amd64.</summary>
        public static string Of(string architecture) => Built.Value[architecture];

        private static Dictionary<string, string> Build()
        {
            string folder = Directory.CreateTempSubdirectory("smile-debs-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, true);
            string[] debs = ProcessRunner.Run(RepoPaths.Of("packaging", "deb", "build.sh"), folder)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

            // smile-gateway_<version>_<architecture>.deb
            return debs.ToDictionary(deb => Path.GetFileNameWithoutExtension(deb).Split('_')[2], deb => deb);
        }
    }
}
