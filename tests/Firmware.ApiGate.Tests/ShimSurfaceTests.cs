using System;
using System.IO;
using System.Linq;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The host shims stand in for nanoFramework: they may lack members, never add or change one.</summary>
    public class ShimSurfaceTests : IClassFixture<GateFixture>
    {
        private readonly GateFixture _fixture;

        public ShimSurfaceTests(GateFixture fixture) => _fixture = fixture;

        public static TheoryData<string> Shims()
        {
            var data = new TheoryData<string>();
            foreach (string project in Directory.EnumerateFiles(RepoPaths.Of("tests", "Simulation", "Shims"), "*.csproj", SearchOption.AllDirectories))
            {
                data.Add(System.Xml.Linq.XDocument.Load(project).Descendants("AssemblyName").First().Value);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Shims))]
        public void Shim_declares_nothing_nanoframework_lacks(string assembly)
        {
            var differences = ShimSurface.Differences(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), _fixture.References);

            Assert.True(differences.Count == 0, assembly + ":\n" + string.Join("\n", differences));
        }
    }
}
