using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Smile.City.Tests
{
    /// <summary>/healthz tells the truth (ok while consuming, the reason while PostgreSQL is down); /metrics counts, behind its password.</summary>
    [Trait("Category", "process")]
    public sealed class HealthEndpointTests
    {
        private const string User = "prometheus";
        private const string Password = "the-scrape-password";
        private readonly ITestOutputHelper _output;

        public HealthEndpointTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Healthz_is_ok_while_consuming_names_PostgreSQL_while_it_is_down_and_metrics_count()
        {
            const int total = 300;
            var settings = new Dictionary<string, string> { ["Smile__Health__Username"] = User, ["Smile__Health__Password"] = Password };
            await using var city = await CitySide.StartAsync(settings: settings);
            string url = city.Ingests[0].HealthUrl;
            await city.Publisher.PublishAsync(CitySide.Measurements(total, nodes: 10, new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));
            long stored = await city.WaitForCountAsync("SELECT count(*) FROM measurement", total, TimeSpan.FromSeconds(120));
            Assert.True(stored == total, "stored " + stored + "\n" + city.Logs());

            var ok = await HealthProbe.WaitForAsync(url + "/healthz", 200, "ok", TimeSpan.FromSeconds(30));
            Assert.True(ok.Status == 200, ok.Body);
            Assert.Equal(401, (await HealthProbe.GetAsync(url + "/metrics")).Status);
            Assert.Equal(401, (await HealthProbe.GetAsync(url + "/metrics", User, "a-guess")).Status);
            var metrics = await HealthProbe.GetAsync(url + "/metrics", User, Password);
            Assert.Equal(200, metrics.Status);
            Assert.Equal(total, Value(metrics.Body, "smile_ingest_messages_stored_total"));
            Assert.Equal(0, Value(metrics.Body, "smile_ingest_messages_dead_lettered_total"));
            Assert.True(Value(metrics.Body, "smile_ingest_batches_total") >= 1, metrics.Body);
            Assert.True(Value(metrics.Body, "smile_ingest_commit_duration_seconds_count") >= 1, metrics.Body);
            Assert.Equal(1, Value(metrics.Body, "smile_ingest_nats_connected"));

            city.Postgres.Stop();
            var down = await HealthProbe.WaitForAsync(url + "/healthz", 503, "PostgreSQL unreachable", TimeSpan.FromSeconds(60));
            _output.WriteLine(down.Body);
            Assert.True(down.Status == 503, down.Body + "\n" + city.Logs());
            Assert.Equal(0, Value((await HealthProbe.GetAsync(url + "/metrics", User, Password)).Body, "smile_ingest_postgres_ok"));

            city.Postgres.StartAgain();
            var back = await HealthProbe.WaitForAsync(url + "/healthz", 200, "ok", TimeSpan.FromSeconds(60));
            Assert.True(back.Status == 200, back.Body + "\n" + city.Logs());
            Assert.True(city.Ingests[0].Running, city.Logs());
        }

        /// <summary>The value of an unlabelled sample in Prometheus text format; NaN when it is missing.</summary>
        private static double Value(string exposition, string name)
        {
            var match = Regex.Match(exposition, "^" + Regex.Escape(name) + " (\\S+)$", RegexOptions.Multiline);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        }
    }
}
