using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Smile.Firmware.ApiGate
{
    /// <summary>A nanoFramework project (.nfproj): the sources it compiles, the packages it restores, the projects it uses.</summary>
    public sealed class FirmwareProject
    {
        private FirmwareProject(string path, string assemblyName, IReadOnlyList<string> sources, IReadOnlyCollection<string> packages, IReadOnlyList<string> references)
        {
            Path = path;
            AssemblyName = assemblyName;
            Sources = sources;
            Packages = packages;
            References = references;
        }

        public string Path { get; }

        public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

        /// <summary>&lt;AssemblyName&gt; (NFUnitTest for the test project: the launcher loads it by that name).</summary>
        public string AssemblyName { get; }

        /// <summary>Full paths of the &lt;Compile Include&gt; items.</summary>
        public IReadOnlyList<string> Sources { get; }

        /// <summary>Package ids of packages.config.</summary>
        public IReadOnlyCollection<string> Packages { get; }

        /// <summary>Full paths of referenced .nfproj files.</summary>
        public IReadOnlyList<string> References { get; }

        public static IReadOnlyList<FirmwareProject> FindAll(string firmwareFolder)
        {
            return Directory.EnumerateFiles(firmwareFolder, "*.nfproj", SearchOption.AllDirectories)
                .Where(p => !IsBuildOutput(p))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(Load)
                .ToList();
        }

        public static FirmwareProject Load(string path)
        {
            string folder = System.IO.Path.GetDirectoryName(path)!;
            XDocument project = XDocument.Load(path);
            List<string> Items(string kind) => project.Descendants().Where(e => e.Name.LocalName == kind)
                .Select(e => (string?)e.Attribute("Include"))
                .Where(i => i != null)
                .Select(i => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, i!.Replace('\\', '/'))))
                .ToList();

            string config = System.IO.Path.Combine(folder, "packages.config");
            var packages = File.Exists(config)
                ? XDocument.Load(config).Descendants("package").Select(p => (string)p.Attribute("id")!).ToList()
                : new List<string>();
            string assemblyName = project.Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value ?? System.IO.Path.GetFileNameWithoutExtension(path);
            return new FirmwareProject(System.IO.Path.GetFullPath(path), assemblyName, Items("Compile"), packages, Items("ProjectReference"));
        }

        /// <summary>
        /// Every .cs file under the firmware folder that is firmware: all but build output and the frame codec's
        /// .NET-only JSON view (Smile.Frames/Json, compiled by the .csproj beside the .nfproj only).
        /// </summary>
        public static IReadOnlyList<string> FirmwareSourceFiles(string firmwareFolder)
        {
            string hostOnly = System.IO.Path.Combine(System.IO.Path.GetFullPath(firmwareFolder), "Smile.Frames", "Json") + System.IO.Path.DirectorySeparatorChar;
            return Directory.EnumerateFiles(firmwareFolder, "*.cs", SearchOption.AllDirectories)
                .Select(System.IO.Path.GetFullPath)
                .Where(p => !IsBuildOutput(p) && !p.StartsWith(hostOnly, StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
        }

        private static bool IsBuildOutput(string path)
        {
            string[] parts = path.Split(System.IO.Path.DirectorySeparatorChar);
            return parts.Contains("bin") || parts.Contains("obj") || parts.Contains("packages");
        }
    }
}
