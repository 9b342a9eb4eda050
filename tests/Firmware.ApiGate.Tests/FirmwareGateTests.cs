using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The real firmware compiled against the real mscorlib and reference assemblies of the other packages.</summary>
    public class FirmwareGateTests : IClassFixture<GateFixture>
    {
        private readonly GateFixture _fixture;

        public FirmwareGateTests(GateFixture fixture) => _fixture = fixture;

        [Fact]
        public void Mscorlib_is_the_real_stable_corelibrary()
        {
            var mscorlib = System.Reflection.AssemblyName.GetAssemblyName(GateFixture.MscorlibPath);

            Assert.Equal("mscorlib", mscorlib.Name);
            Assert.Equal(new Version(1, 17, 11, 0), mscorlib.Version);
            Assert.Equal("c07d481e9758c731", Convert.ToHexString(mscorlib.GetPublicKeyToken()!).ToLowerInvariant());
        }

        [Fact]
        public void Every_stable_library_of_the_signatures_becomes_a_reference_assembly()
        {
            Assert.Contains("mscorlib", _fixture.References.Assemblies);
            Assert.Equal(_fixture.Sections.Count(s => !s.Preview), _fixture.References.Assemblies.Count);

            // Only lines naming a type the library keeps internal (so the file cannot list it) may be left out:
            // Bmxx80's Endianness (two protected internal readers) and FileSystem's SDDataWidth (an SD-card field).
            Assert.Equal(3, _fixture.References.LeftOut.Count);
            Assert.All(_fixture.References.LeftOut, l => Assert.Matches(@"\b(Endianness|SDDataWidth)\b", l.Split("  (")[0]));
        }

        [Fact]
        public void Every_firmware_source_file_belongs_to_exactly_one_nfproj()
        {
            var projects = FirmwareProjectsOrFail();
            var listed = projects.SelectMany(p => p.Sources).ToList();
            var onDisk = FirmwareProject.FirmwareSourceFiles(GateFixture.FirmwareFolder);

            Assert.DoesNotContain(listed, f => !File.Exists(f));
            Assert.Empty(listed.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.Empty(onDisk.Except(listed));
        }

        [Fact]
        public void Every_firmware_project_compiles_against_nanoframework_with_zero_errors()
        {
            var projects = FirmwareProjectsOrFail();
            var results = FirmwareBuild.CompileAll(_fixture.Compiler, projects);

            foreach (FirmwareProject project in projects)
            {
                CompileResult result = results[project.Path];
                Assert.True(result.Violations.Count == 0, project.Name + ":\n" + string.Join("\n", result.Violations));
                Assert.Contains("mscorlib", result.AssembliesUsed);
            }

            // The compile is not vacuous: the app binds to the real packages' API, the tests to the TestFramework's.
            var app = results[projects.Single(p => p.Name == "Smile.Node.App").Path].AssembliesUsed;
            foreach (string assembly in new[] { "Iot.Device.Bmxx80", "Iot.Device.Ld2410", "nanoFramework.M2Mqtt", "nanoFramework.Hardware.Esp32", "System.IO.Ports", "System.Device.Wifi" })
            {
                Assert.Contains(assembly, app);
            }

            Assert.Contains("nanoFramework.TestFramework", results[projects.Single(p => p.AssemblyName == "NFUnitTest").Path].AssembliesUsed);
        }

        [Fact]
        public void The_solution_opens_every_firmware_project_as_a_nanoframework_project()
        {
            string solution = File.ReadAllText(Path.Combine(GateFixture.FirmwareFolder, "Smile.Firmware.sln"));
            foreach (FirmwareProject project in FirmwareProjectsOrFail())
            {
                string guid = System.Xml.Linq.XDocument.Load(project.Path).Descendants().Single(e => e.Name.LocalName == "ProjectGuid").Value;
                string relative = Path.GetRelativePath(GateFixture.FirmwareFolder, project.Path).Replace('/', '\\');
                Assert.Contains("Project(\"{11A8DD76-328B-46DF-9F39-F559912D0360}\") = \"" + project.Name + "\", \"" + relative + "\", \"" + guid + "\"", solution);
                Assert.Contains(guid + ".Release|Any CPU.Deploy.0 = Release|Any CPU", solution);
            }
        }

        private static IReadOnlyList<FirmwareProject> FirmwareProjectsOrFail()
        {
            var projects = FirmwareProject.FindAll(GateFixture.FirmwareFolder);
            Assert.Equal(4, projects.Count);
            return projects;
        }
    }
}
