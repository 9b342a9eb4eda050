using System;
using System.IO;
using System.Linq;
using Smile.Simulation.Place;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The reference assemblies, generated once for all tests (forty libraries from thousands of declarations).</summary>
    public sealed class GateFixture
    {
        public GateFixture()
        {
            Sections = SignatureFile.Load(Path.Combine(AppContext.BaseDirectory, "nf-api", "nf-api-signatures.tsv"));
            Packages = PackageTable.Load(Path.Combine(FirmwareFolder, "nuget-packages.tsv"));
            References = new ReferenceAssemblies(MscorlibPath, Sections, Packages.AssemblyVersion);
            Compiler = new FirmwareCompiler(References);
        }

        /// <summary>The real mscorlib.dll of nanoFramework.CoreLibrary 1.17.11, copied from the NuGet package by the build.</summary>
        public static string MscorlibPath => Path.Combine(AppContext.BaseDirectory, "nf-corelib", "mscorlib.dll");

        public static string FirmwareFolder => RepoPaths.Of("firmware");

        public System.Collections.Generic.IReadOnlyList<ApiSection> Sections { get; }

        public PackageTable Packages { get; }

        public ReferenceAssemblies References { get; }

        public FirmwareCompiler Compiler { get; }

        /// <summary>Compiles one snippet as a firmware file of a project with the given packages (CoreLibrary alone by default).</summary>
        public System.Collections.Generic.IReadOnlyList<Violation> CheckSnippet(string source, params string[] packages)
        {
            string[] list = new[] { "nanoFramework.CoreLibrary" }.Concat(packages).Distinct().ToArray();
            return Compiler.Compile("Probe", new[] { ("Probe.cs", source) }, list, Array.Empty<Microsoft.CodeAnalysis.MetadataReference>()).Violations;
        }
    }
}
