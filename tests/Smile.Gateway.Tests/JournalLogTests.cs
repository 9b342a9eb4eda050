using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Under systemd (JOURNAL_STREAM set) every line carries its syslog priority, so journalctl -p warning shows
    /// what an operator must look at; and no line carries a password.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class JournalLogTests
    {
        private const string Password = "pw-never-in-a-log-7Qx";

        [Fact]
        public async Task Lines_carry_journal_priorities_one_line_per_event_and_no_password()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["JOURNAL_STREAM"] = "8:12345",
                ["Logging__LogLevel__Default"] = "Information",
                ["Smile__Upstream__Username"] = "gw-test",
                ["Smile__Upstream__Password"] = Password,
            });
            await gateway.StartReadyAsync();

            // The platform goes away: a warning (or error) for the operator.
            upstream.Kill();
            await gateway.WaitStatusAsync("\"upstream_connected\":false", TimeSpan.FromSeconds(20));
            await Task.Delay(3000);
            Assert.Equal(0, gateway.Terminate());

            string[] lines = gateway.Log().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.Matches("^<[0-7]>", line));
            Assert.Contains(lines, line => line.StartsWith("<6>"));
            Assert.Contains(lines, line => line.StartsWith("<4>") || line.StartsWith("<3>"));
            Assert.DoesNotContain(Password, gateway.Log());
        }

        [Fact]
        public void A_refusal_is_an_error_line()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string>
            {
                ["JOURNAL_STREAM"] = "8:12345",
                ["Smile__Gateway__Id"] = "",
                ["Smile__Upstream__Password"] = Password,
            });
            gateway.Start();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!gateway.HasExited && DateTime.UtcNow < deadline)
            {
                System.Threading.Thread.Sleep(100);
            }

            Assert.Equal(2, gateway.ExitCode);
            Assert.All(gateway.Log().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("<3>", line));
            Assert.DoesNotContain(Password, gateway.Log());
        }
    }
}
