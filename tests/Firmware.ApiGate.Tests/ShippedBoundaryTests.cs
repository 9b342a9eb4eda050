using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Smile.Place;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>
    /// What ships (the gateway, its MQTT client, nodectl, the .NET builds of the node's code) never references what
    /// simulates or tests (shims, simulated devices, the loopback Smile Place, the fleet, test projects), directly or
    /// through another project.
    /// </summary>
    public class ShippedBoundaryTests
    {
        private static readonly string[] Shipped =
        {
            "gateway/Smile.Gateway/Smile.Gateway.csproj",
            "gateway/Smile.Mqtt/Smile.Mqtt.csproj",
            "tools/Nodectl/Nodectl.csproj",
            "firmware/host/Frames/Smile.Frames.Host.csproj",
            "firmware/host/Node/Smile.Node.Host.csproj",
        };

        private static readonly string[] SimulationOrTests =
        {
            "firmware/shims/", "firmware/host/NodeTests/", "firmware/host/App/", "tools/Place/", "tools/Fleet/", "tools/Demo/", "tests/", "bench/",
        };

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
        public void The_check_sees_a_reference_to_the_simulation()
        {
            // The node app's .NET build runs on the shims: the walk must find them, or the test above proves nothing.
            Assert.Contains(Reachable(RepoPaths.Of("firmware", "host", "App", "Smile.Node.App.Host.csproj")),
                p => p.Replace('\\', '/').Contains("/firmware/shims/", StringComparison.Ordinal));
        }

        private static IEnumerable<string> Reachable(string project)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(Path.GetFullPath(project));
            while (pending.Count > 0)
            {
                string current = pending.Pop();
                foreach (XElement reference in XDocument.Load(current).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                {
                    string include = ((string)reference.Attribute("Include")!).Replace('\\', '/');
                    string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include));
                    if (seen.Add(full))
                    {
                        pending.Push(full);
                    }
                }
            }

            return seen;
        }
    }
}
