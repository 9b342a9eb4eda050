using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The real firmware against nanoFramework's real API.</summary>
    public class FirmwareGateTests : IClassFixture<GateFixture>
    {
        private readonly GateFixture _fixture;

        public FirmwareGateTests(GateFixture fixture) => _fixture = fixture;

        [Fact]
        public void Allowlist_is_the_stable_surface_with_its_source_header()
        {
            string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "nf-api", "nf-api-allowlist.txt"));
            Assert.StartsWith("# nanoFramework public API allowlist", text);
            Assert.Contains("github.com/nanoframework/CoreLibrary @ 5e378893", text);
            Assert.True(_fixture.Surface.Count > 5000);
            Assert.True(_fixture.Surface.Contains("System.String::Concat"));
            Assert.False(_fixture.Surface.Contains("System.String::Join"));
            Assert.False(_fixture.Surface.Contains("System.Collections.Generic.List`1"), "generics-preview types stay out");
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
        public void Every_firmware_project_uses_only_nanoframework_api_from_its_packages()
        {
            foreach (FirmwareProject project in FirmwareProjectsOrFail())
            {
                var sources = project.Sources.Concat(ReferencedSources(project)).Distinct()
                    .Select(p => (p, File.ReadAllText(p))).ToList();

                GateReport report = _fixture.Gate.Check(sources, project.Sources.ToList(), project.Packages);

                Assert.True(report.Violations.Count == 0, project.Name + ":\n" + string.Join("\n", report.Violations));
                Assert.Contains("System.String::Concat", report.KeysUsed);
                Assert.True(report.KeysUsed.Count >= 10, project.Name + " uses only " + report.KeysUsed.Count + " keys: the walk missed code");
            }
        }

        [Fact]
        public void Every_firmware_project_names_real_nanoframework_packages_at_pinned_versions()
        {
            foreach (FirmwareProject project in FirmwareProjectsOrFail())
            {
                string config = File.ReadAllText(Path.Combine(Path.GetDirectoryName(project.Path)!, "packages.config"));
                Assert.Contains("id=\"nanoFramework.CoreLibrary\" version=\"1.17.11\"", config);
                Assert.DoesNotContain("-preview", config);
                Assert.DoesNotContain("PackageReference", File.ReadAllText(project.Path));
            }
        }

        private static System.Collections.Generic.IReadOnlyList<FirmwareProject> FirmwareProjectsOrFail()
        {
            var projects = FirmwareProject.FindAll(GateFixture.FirmwareFolder);
            Assert.NotEmpty(projects);
            return projects;
        }

        private static System.Collections.Generic.IEnumerable<string> ReferencedSources(FirmwareProject project)
        {
            foreach (string reference in project.References)
            {
                FirmwareProject referenced = FirmwareProject.Load(reference);
                foreach (string source in referenced.Sources.Concat(ReferencedSources(referenced)))
                {
                    yield return source;
                }
            }
        }
    }
}
