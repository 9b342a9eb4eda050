using System;
using System.IO;
using System.Linq;
using Smile.Place;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The surface and the gate, loaded once for all tests (the allowlist has thousands of lines).</summary>
    public sealed class GateFixture
    {
        public GateFixture()
        {
            Surface = NfApiSurface.Load(Path.Combine(AppContext.BaseDirectory, "nf-api"));
            Gate = new ApiGate(Surface, ShimAssemblies());
        }

        public NfApiSurface Surface { get; }

        public ApiGate Gate { get; }

        public static string FirmwareFolder => RepoPaths.Of("firmware");

        /// <summary>The built shims (firmware/shims/*), which stand in for nanoFramework libraries on .NET.</summary>
        private static string[] ShimAssemblies()
        {
            return Directory.EnumerateFiles(RepoPaths.Of("firmware", "shims"), "*.csproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains("/bin/") && !p.Contains("/obj/"))
                .Select(p => System.Xml.Linq.XDocument.Load(p).Descendants("AssemblyName").First().Value)
                .Select(name => Path.Combine(AppContext.BaseDirectory, name + ".dll"))
                .ToArray();
        }

        /// <summary>Checks one snippet as if it were a firmware file of a project with the given packages.</summary>
        public System.Collections.Generic.IReadOnlyList<Violation> CheckSnippet(string source, params string[] packages)
        {
            const string path = "Probe.cs";
            return Gate.Check(new[] { (path, source) }, new[] { path }, packages.Length == 0 ? new[] { "nanoFramework.CoreLibrary" } : packages).Violations;
        }
    }
}
