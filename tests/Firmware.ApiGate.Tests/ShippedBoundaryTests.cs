using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>
    /// What ships (the node's firmware projects, the gateway, its MQTT client, nodectl, the .NET builds of the node's
    /// codec and logic) never references what simulates or tests (tests/, including the simulation area
    /// tests/Simulation, the benchmark, the demo), directly, through another project, or by linking a source file.
    /// </summary>
    public class ShippedBoundaryTests
    {
        private static readonly string[] Shipped =
        {
            "firmware/Smile.Frames/Smile.Frames.nfproj",
            "firmware/Smile.Node/Smile.Node.nfproj",
            "firmware/Smile.Node.App/Smile.Node.App.nfproj",
            "firmware/Smile.Frames/Smile.Frames.csproj",
            "firmware/Smile.Node/Smile.Node.csproj",
            "gateway/Smile.Gateway/Smile.Gateway.csproj",
            "gateway/Smile.Mqtt/Smile.Mqtt.csproj",
            "tools/Nodectl/Nodectl.csproj",
            "tools/Ingest/Smile.Ingest.csproj",
        };

        private static readonly string[] SimulationOrTests = { "tests/", "bench/", "tools/Demo/" };

        [Fact]
        public void No_shipped_project_references_simulation_or_test_code()
        {
            var problems = new List<string>();
            foreach (string project in Shipped)
            {
                foreach (string reached in Reachable(RepoPaths.Of(project.Split('/'))))
                {
                    string relative = Path.GetRelativePath(RepoPaths.Of(), reached).Replace('\\', '/');
                    if (SimulationOrTests.Any(s => relative.StartsWith(s, StringComparison.Ordinal)))
                    {
                        problems.Add(project + " reaches " + relative);
                    }
                }
            }

            Assert.Empty(problems);
        }

        [Fact]
        public void The_check_sees_references_and_linked_files_into_the_simulation()
        {
            // Test builds do reach the simulation: the walk must find both kinds of link, or the test above proves nothing.
            Assert.Contains(Reachable(RepoPaths.Of("firmware", "Smile.Node.App", "Smile.Node.App.csproj")),
                p => p.Replace('\\', '/').Contains("/tests/Simulation/Shims/", StringComparison.Ordinal));
            Assert.Contains(Reachable(RepoPaths.Of("firmware", "Smile.Node.Tests", "NFUnitTest.nfproj")),
                p => p.Replace('\\', '/').EndsWith("/tests/Simulation/Devices/VirtualClock.cs", StringComparison.Ordinal));
        }

        [Fact]
        public void Every_firmware_project_has_its_dotnet_build_beside_it()
        {
            foreach (string nfproj in Directory.EnumerateFiles(RepoPaths.Of("firmware"), "*.nfproj", SearchOption.AllDirectories))
            {
                string[] builds = Directory.GetFiles(Path.GetDirectoryName(nfproj)!, "*.csproj");
                Assert.True(builds.Length == 1, nfproj + " has " + builds.Length + " .csproj beside it, not one");
            }
        }

        /// <summary>Every project reached through ProjectReference and every source file a project links by Compile.</summary>
        private static IEnumerable<string> Reachable(string project)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(Path.GetFullPath(project));
            while (pending.Count > 0)
            {
                string current = pending.Pop();
                foreach (XElement item in XDocument.Load(current).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Compile"))
                {
                    string? include = ((string?)item.Attribute("Include"))?.Replace('\\', '/');
                    if (include == null || include.Contains('*'))
                    {
                        continue;
                    }

                    string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include));
                    if (seen.Add(full) && item.Name.LocalName == "ProjectReference")
                    {
                        pending.Push(full);
                    }
                }
            }

            return seen;
        }
    }
}
