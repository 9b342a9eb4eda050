using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The README's main command in its timed mode, as a script runs it: a real process, its summary line, its exit code.</summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public class DemoTests
    {
        [Fact]
        public void The_timed_demo_reports_every_sample_delivered_and_the_corrupted_frames_quarantined()
        {
            string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(RepoPaths.Of("tools", "Demo", "bin", configuration, "net10.0", "smile-demo.dll"));
            foreach (string argument in new[] { "--seconds", "25", "--nodes", "40", "--speed", "120" })
            {
                start.ArgumentList.Add(argument);
            }

            using var demo = Process.Start(start)!;
            string error = "";
            demo.ErrorDataReceived += (_, e) => error += e.Data + "\n";
            demo.BeginErrorReadLine();
            string output = demo.StandardOutput.ReadToEnd();
            Assert.True(demo.WaitForExit(180_000), "the demo did not stop");

            Match summary = Regex.Match(output, @"summary: in=(\d+) samples=(\d+) out=(\d+) lost=(\d+) duplicates=(\d+) quarantined=(\d+)");
            Assert.True(summary.Success, output + error);
            Assert.Equal(0, demo.ExitCode);
            Assert.True(int.Parse(summary.Groups[2].Value) > 300, "samples: " + summary.Groups[2].Value);
            Assert.Equal("0", summary.Groups[4].Value);
            Assert.True(int.Parse(summary.Groups[6].Value) >= 2, "the corrupted frames were quarantined: " + summary.Value);
            Assert.DoesNotContain("\u001b[", output);
        }
    }
}
