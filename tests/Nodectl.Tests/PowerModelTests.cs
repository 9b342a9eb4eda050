using System;
using System.IO;
using Smile.Nodectl;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>The power model computes from the simulated cycle's phase times, and the document holds its output.</summary>
    public sealed class PowerModelTests
    {
        private static readonly string TablePath = Smile.Simulation.Place.RepoPaths.Of("tools", "Nodectl", "PhaseTimes.tsv");

        [Fact]
        public void The_embedded_phase_table_is_what_the_simulated_cycle_spends_now()
        {
            string generated = PhaseTrace.Generate();
            if (Environment.GetEnvironmentVariable("SMILE_REGENERATE") == "1")
            {
                File.WriteAllText(TablePath, generated);
            }

            Assert.True(generated == File.ReadAllText(TablePath).Replace("\r", ""),
                "tools/Nodectl/PhaseTimes.tsv differs from the simulated cycle: run SMILE_REGENERATE=1 dotnet test tests/Nodectl.Tests --filter PowerModelTests, review the diff, commit");
        }

        [Fact]
        public void A_longer_rx1_delay_in_the_simulated_modem_moves_the_battery_figure()
        {
            var node = new NodeProfile { SpreadingFactor = 9, LightSleepThroughWindows = false };
            double usual = new PowerModel { Table = new PhaseTable(PhaseTrace.Generate(1000)) }.Compute(node).AverageMilliamps;
            double late = new PowerModel { Table = new PhaseTable(PhaseTrace.Generate(5000)) }.Compute(node).AverageMilliamps;
            Assert.True(late > usual * 1.05, "RX1 after 5 s instead of 1 s: " + usual + " mA → " + late + " mA");
        }

        [Fact]
        public void Light_sleep_through_the_windows_and_batching_lower_the_average_current()
        {
            var model = new PowerModel();
            var node = new NodeProfile();
            double after = model.Compute(node).AverageMilliamps;
            Assert.True(after < model.Compute(node with { LightSleepThroughWindows = false }).AverageMilliamps);
            Assert.True(after < model.Compute(node with { SendIntervalSeconds = 300 }).AverageMilliamps);
            Assert.True(model.Compute(node with { SpreadingFactor = 12 }).AverageMilliamps > after);
            Assert.True(model.Compute(node with { SampleIntervalSeconds = 86400, SendIntervalSeconds = 86400 }).AverageMilliamps > PowerModel.SleepMilliamps, "sleep current is the floor");
        }

        [Fact]
        public void A_provisioned_config_gets_its_own_breakdown()
        {
            string path = Path.Combine(Directory.CreateTempSubdirectory("smile-battery-").FullName, "node.json");
            File.WriteAllText(path, @"{ ""NodeId"": ""hro-hafen-07"", ""Site"": ""stadthafen"", ""Transport"": ""lorawan"", ""Modem"": ""rak3172"",
  ""SampleIntervalSeconds"": 600, ""SendIntervalSeconds"": 1800, ""DevEui"": ""70B3D57ED0000007"", ""JoinEui"": ""0000000000000000"",
  ""AppKey"": ""2B7E151628AED2A6ABF7158809CF4F3C"" }");
            var output = new StringWriter();
            Assert.Equal(0, BatteryCommand.Run(new FileInfo(path), 10, output, new StringWriter()));
            string text = output.ToString();
            Assert.Contains("LoRaWAN rak3172 SF10, sample every 10 min, send every 30 min, PIR", text);
            Assert.Contains("light sleep through RX windows", text);
            Assert.Contains("2×AA alkaline", text);
        }

        [Fact]
        public void A_broken_config_is_refused_not_guessed()
        {
            string path = Path.Combine(Directory.CreateTempSubdirectory("smile-battery-").FullName, "node.json");
            File.WriteAllText(path, "{ \"SampleIntervalSeconds\": \"often\" }");
            var error = new StringWriter();
            Assert.Equal(2, BatteryCommand.Run(new FileInfo(path), 9, new StringWriter(), error));
            Assert.Contains("node.json", error.ToString());
        }

        [Fact]
        public void The_power_budget_document_holds_the_tool_output()
        {
            var output = new StringWriter();
            BatteryCommand.Markdown(output);
            string document = File.ReadAllText(Smile.Simulation.Place.RepoPaths.Of("hardware", "power-budget.md")).Replace("\r", "");
            Assert.Contains(output.ToString().Replace("\r", "").Trim(), document);
        }
    }
}
