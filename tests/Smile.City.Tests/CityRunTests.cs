using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.City.Tests
{
    /// <summary>./run.sh --city with its fault switch, as a script runs it: a real process, its summary line, its exit code.</summary>
    [Trait("Category", "process")]
    public sealed class CityRunTests
    {
        [Fact]
        public void The_city_with_a_member_and_an_ingest_killed_reports_every_frame_stored_once()
        {
            string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(RepoPaths.Of("tools", "Demo", "bin", configuration, "net10.0", "smile-demo.dll"));
            foreach (string argument in new[] { "--city", "--seconds", "20", "--places", "2", "--rate", "80", "--city-faults" })
            {
                start.ArgumentList.Add(argument);
            }

            using var city = Process.Start(start)!;
            string error = "";
            city.ErrorDataReceived += (_, e) => error += e.Data + "\n";
            city.BeginErrorReadLine();
            string output = city.StandardOutput.ReadToEnd();
            Assert.True(city.WaitForExit(300_000), "the city did not stop");

            Match summary = Regex.Match(output, @"city: places=(\d+) sent=(\d+) acknowledged=(\d+) rows=(\d+) lost=(\d+) duplicates=(\d+)");
            Assert.True(summary.Success, output + error);
            Assert.Contains("SIGKILLed", output);
            Assert.True(city.ExitCode == 0, output + error);
            Assert.Equal("2", summary.Groups[1].Value);
            Assert.Equal("3200", summary.Groups[3].Value);
            Assert.Equal(summary.Groups[3].Value, summary.Groups[4].Value);
            Assert.Equal("0", summary.Groups[5].Value);
            Assert.Equal("0", summary.Groups[6].Value);
        }
    }
}
