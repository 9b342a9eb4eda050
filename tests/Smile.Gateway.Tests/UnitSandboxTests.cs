using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>The shipped systemd unit as systemd 252 rates its sandbox (issue 11, Low: unit hardening).</summary>
    [Trait("Category", "process")]
    public sealed class UnitSandboxTests
    {
        private static readonly string Unit = RepoPaths.Of("gateway", "deploy", "systemd", "smile-gateway.service");

        [Fact]
        public void Systemd_rates_the_units_exposure_below_2_and_a_failing_gateway_stops_restarting()
        {
            // Exits non-zero when the exposure is above 2.0, and prints the overall level either way.
            string report = ProcessRunner.Run("systemd-analyze", "security", "--offline=true", "--threshold=20", Unit);
            double exposure = double.Parse(Regex.Match(report, @"Overall exposure level for smile-gateway\.service: ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

            Assert.InRange(exposure, 0, 2.0);
            string unit = File.ReadAllText(Unit);
            Assert.Contains("StartLimitBurst=5\n", unit);
            Assert.Contains("StartLimitIntervalSec=300\n", unit);
            Assert.Contains("UMask=0027\n", unit);
            Assert.Contains("StateDirectoryMode=0750\n", unit);
        }
    }
}
