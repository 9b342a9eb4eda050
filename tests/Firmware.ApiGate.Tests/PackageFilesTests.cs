using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>
    /// The .nfproj and packages.config files as the nanoFramework project system and NuGet read them: every package's
    /// nuspec dependencies listed (packages.config restore does not pull them), one version per package, and a
    /// &lt;Reference&gt; per shipped assembly whose strong name is the real one (a wrong Version makes MSBuild reject the
    /// hint-path DLL). The facts are firmware/nuget-packages.tsv, each row naming where it was read.
    /// </summary>
    public class PackageFilesTests : IClassFixture<GateFixture>
    {
        private static readonly Regex StrongName = new Regex(@"^(?<name>[^,]+), Version=(?<version>[0-9.]+), Culture=neutral, PublicKeyToken=(?<token>\w+)$");
        private readonly GateFixture _fixture;

        public PackageFilesTests(GateFixture fixture) => _fixture = fixture;

        public static TheoryData<string> Projects()
        {
            var data = new TheoryData<string>();
            foreach (FirmwareProject project in FirmwareProject.FindAll(GateFixture.FirmwareFolder))
            {
                data.Add(Path.GetRelativePath(GateFixture.FirmwareFolder, project.Path));
            }

            return data;
        }

        [Fact]
        public void Every_row_of_the_table_names_where_it_was_read()
        {
            Assert.NotEmpty(_fixture.Packages.Rows);
            Assert.All(_fixture.Packages.Rows, r => Assert.Matches(@"\w+/[\w.]+@[0-9a-f]{7}", r.Source));
        }

        [Theory]
        [MemberData(nameof(Projects))]
        public void Packages_config_holds_the_dependency_closure_at_the_tabled_versions(string project)
        {
            Assert.Empty(PackageProblems(PackagesOf(project), _fixture.Packages));
        }

        [Theory]
        [MemberData(nameof(Projects))]
        public void Every_assembly_of_every_package_is_referenced_with_its_real_strong_name(string project)
        {
            Assert.Empty(ReferenceProblems(XDocument.Load(Path.Combine(GateFixture.FirmwareFolder, project)), PackagesOf(project), _fixture.Packages));
        }

        [Fact]
        public void A_missing_dependency_a_version_mismatch_and_a_wrong_assembly_version_are_each_caught()
        {
            string project = Path.Combine(GateFixture.FirmwareFolder, "Smile.Node.App", "Smile.Node.App.nfproj");
            var packages = PackagesOf(Path.GetRelativePath(GateFixture.FirmwareFolder, project));

            var withoutWeatherHelper = packages.Where(p => p.Key != "nanoFramework.Iot.Device.Common.WeatherHelper").ToDictionary(p => p.Key, p => p.Value);
            Assert.Contains(PackageProblems(withoutWeatherHelper, _fixture.Packages), p => p.Contains("needs nanoFramework.Iot.Device.Common.WeatherHelper"));

            string text = File.ReadAllText(project);
            var otherHint = XDocument.Parse(text.Replace(@"nanoFramework.System.IO.Ports.1.1.139\lib", @"nanoFramework.System.IO.Ports.1.1.132\lib"));
            Assert.Contains(ReferenceProblems(otherHint, packages, _fixture.Packages), p => p.Contains("1.1.132"));

            var wrongVersion = XDocument.Parse(text.Replace("Iot.Device.Bmxx80, Version=1.2.0.0", "Iot.Device.Bmxx80, Version=1.2.1016.0"));
            Assert.Contains(ReferenceProblems(wrongVersion, packages, _fixture.Packages), p => p.Contains("Iot.Device.Bmxx80") && p.Contains("1.2.0.0"));
        }

        private static Dictionary<string, string> PackagesOf(string project)
        {
            string config = Path.Combine(GateFixture.FirmwareFolder, Path.GetDirectoryName(project)!, "packages.config");
            return XDocument.Load(config).Descendants("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        }

        private static List<string> PackageProblems(IReadOnlyDictionary<string, string> packages, PackageTable table)
        {
            var problems = new List<string>();
            foreach ((string id, string version) in packages)
            {
                PackageRow? row = table.Find(id);
                if (row == null)
                {
                    problems.Add(id + " is not in firmware/nuget-packages.tsv: read its nuspec and add it");
                    continue;
                }

                if (row.Version != version)
                {
                    problems.Add(id + " " + version + " in packages.config, " + row.Version + " in the table");
                }

                foreach ((string dependency, string minimum) in row.Dependencies)
                {
                    if (!packages.TryGetValue(dependency, out string? listed))
                    {
                        problems.Add(id + " needs " + dependency + " >= " + minimum + ", which packages.config does not list");
                    }
                    else if (Version.Parse(listed) < Version.Parse(minimum))
                    {
                        problems.Add(id + " needs " + dependency + " >= " + minimum + ", packages.config has " + listed);
                    }
                }
            }

            return problems;
        }

        private static List<string> ReferenceProblems(XDocument project, IReadOnlyDictionary<string, string> packages, PackageTable table)
        {
            var problems = new List<string>();
            var references = project.Descendants().Where(e => e.Name.LocalName == "Reference").ToList();
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (XElement reference in references)
            {
                string include = (string)reference.Attribute("Include")!;
                Match name = StrongName.Match(include);
                string hint = reference.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value ?? "";
                if (!name.Success)
                {
                    problems.Add(include + ": not a full strong name");
                    continue;
                }

                string assembly = name.Groups["name"].Value;
                if (!referenced.Add(assembly))
                {
                    problems.Add(assembly + ": referenced twice");
                }

                PackageRow? row = table.Rows.FirstOrDefault(r => r.Assemblies.Contains(assembly) && packages.ContainsKey(r.Package));
                if (row == null)
                {
                    problems.Add(assembly + ": no package in packages.config ships it");
                    continue;
                }

                string version = row.AssemblyVersions[Array.IndexOf(row.Assemblies, assembly)];
                if (name.Groups["version"].Value != version || name.Groups["token"].Value != row.PublicKeyToken)
                {
                    problems.Add(assembly + ": Version=" + name.Groups["version"].Value + ", PublicKeyToken=" + name.Groups["token"].Value
                        + "; the assembly is " + version + ", token " + row.PublicKeyToken + " (" + row.Source + ")");
                }

                string folder = @"..\packages\" + row.Package + "." + packages[row.Package] + @"\lib\" + assembly;
                if (hint != folder + ".dll" && hint != folder + ".exe")
                {
                    problems.Add(assembly + ": HintPath " + hint + ", packages.config restores " + folder + ".dll");
                }
            }

            foreach (string id in packages.Keys)
            {
                PackageRow? row = table.Find(id);
                foreach (string assembly in row?.Assemblies ?? Array.Empty<string>())
                {
                    if (!referenced.Contains(assembly))
                    {
                        problems.Add(id + " ships " + assembly + ", which the project does not reference");
                    }
                }
            }

            return problems;
        }
    }
}
