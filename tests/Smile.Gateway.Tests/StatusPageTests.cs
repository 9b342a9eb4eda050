using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Smile.Gateway.Health;
using Smile.Simulation.Place;
using Xunit;
using Xunit.Abstractions;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The status page of a running gateway with nodes of both kinds and a broken one, loaded in a real headless
    /// Chromium (Debian's package) at a phone's width: its node table answers "why is this node silent", and a
    /// screenshot is kept in TestResults/ as an artifact.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class StatusPageTests
    {
        private readonly ITestOutputHelper _output;

        public StatusPageTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task A_card_under_the_free_space_floor_is_a_fault_on_the_status_the_metrics_and_the_page_and_messages_still_flow()
        {
            // A floor of a petabyte: every file system here is under it, as a card filled by something else would be.
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream, new Dictionary<string, string> { ["Smile__Buffer__MinFreeMegabytes"] = "1000000000" });
            await gateway.StartReadyAsync();
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            await using var publisher = await FramePublisher.ConnectAsync(local);
            for (int i = 0; i < 5; i++)
            {
                await await publisher.SendAsync(StandardFrames.WifiNode(i), false);
            }

            Assert.True(await platform.WaitForAsync(p => p.Measured().Count == 5, TimeSpan.FromSeconds(30)), "arrived " + platform.Measured().Count);
            var status = await gateway.StatusAsync();
            var disk = status["buffer_disk"]!.AsObject();
            Assert.Equal("fault", (string?)status["state"]);
            Assert.True((bool)disk["below_floor"]!);
            Assert.True((long)disk["free_bytes"]! > 0, "the free space is reported: " + disk);
            Assert.Equal(1_000_000_000L * 1024 * 1024, (long)disk["floor_bytes"]!);
            string metrics = await gateway.GetAsync("/metrics");
            Assert.Contains("\nsmile_gateway_buffer_below_floor 1\n", metrics);
            Assert.Matches(new Regex("\nsmile_gateway_buffer_disk_free_bytes [1-9][0-9]*\n"), metrics);
            Assert.Contains("under the 1000000000 MiB kept free: the buffer no longer grows", await gateway.GetAsync("/"));

            // The city platform hears it too, in the gateway's retained status.
            Assert.True(await platform.WaitForAsync(p => p.OfSchema("smile.gateway-status.v1").Any(m => (bool?)m["buffer_below_floor"] == true), TimeSpan.FromSeconds(10)),
                "status: " + string.Join(" | ", platform.OfSchema("smile.gateway-status.v1").Select(m => m.ToJsonString())));
        }

        [Fact]
        public async Task The_page_in_chromium_shows_each_node_and_the_quarantined_frame()
        {
            await using SmilePlace place = await SmilePlace.StartAsync();
            await (await place.Publisher.SendAsync("node-001", viaChirpStack: false));
            await place.Publisher.PublishRawAsync("smile/up/node-001", Convert.FromHexString("2812c201040c6c001c0034bc00003000a1d78e88"));
            await (await place.Publisher.SendAsync("70b3d57ed0000001", viaChirpStack: true));
            await place.Publisher.PublishRawAsync("smile/up/node-broken", Convert.FromHexString("200010ebfce4e1e40eac"));
            await place.Gateway.WaitStatusAsync("\"messages_in\":4", TimeSpan.FromSeconds(20));

            string url = "http://127.0.0.1:" + place.Gateway.HealthPort + "/";
            string dom = Chromium("--dump-dom", url);
            string screenshot = RepoPaths.Of("TestResults", "status-page-phone.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            File.Delete(screenshot);
            Chromium("--screenshot=" + screenshot, "--window-size=412,1600", "--hide-scrollbars", url);
            _output.WriteLine("screenshot: " + screenshot);

            Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot was taken");
            Assert.Contains("<html lang=\"en\">", dom);
            Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", dom);
            Assert.Contains("<main>", dom);
            string wifi = Row(dom, "node-001");
            Assert.Contains("wifi", wifi);
            Assert.Contains("-117 dBm / -7.25 dB", wifi);
            Assert.Contains("3.62 V", wifi);
            Assert.Contains("1.4.12 (brownout)", wifi);
            Assert.Contains("12 samples", wifi);
            Assert.Contains("40 samples", wifi);
            string lora = Row(dom, "70b3d57ed0000001");
            Assert.Contains("lorawan", lora);
            Assert.Contains("-80 dBm / 7.5 dB", lora);
            Assert.Contains("no status yet", lora);
            Assert.Contains("1 quarantined", Row(dom, "node-broken"));
            Assert.Contains("(last: value_out_of_range)", Row(dom, "node-broken"));
            Assert.Contains("value_out_of_range</td><td data-label=\"Detail\">byte 5: humidity_pct code 201", dom);
            Assert.Contains("3 nodes heard since the gateway started", dom);
        }

        [Fact]
        public async Task With_a_password_the_page_needs_it_and_the_health_probes_stay_open()
        {
            await using SmilePlace place = await SmilePlace.StartAsync(new Dictionary<string, string>
            {
                ["Smile__Health__Username"] = "technician",
                ["Smile__Health__Password"] = "a-long-page-password",
            });
            using var http = new HttpClient();
            string root = "http://127.0.0.1:" + place.Gateway.HealthPort;

            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(root + "/")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(root + "/status")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(root + "/health/ready")).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Get, root + "/");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("technician:a-long-page-password")));
            HttpResponseMessage page = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<h1>Smile gateway gw-test</h1>", await page.Content.ReadAsStringAsync());
        }

        [Fact]
        public void Every_colour_of_the_page_meets_WCAG_AA_contrast_on_its_background()
        {
            double background = Luminance(StatusPage.Palette["background"]);
            foreach (var (name, colour) in StatusPage.Palette.Where(p => p.Key != "background"))
            {
                double l = Luminance(colour);
                double ratio = (Math.Max(l, background) + 0.05) / (Math.Min(l, background) + 0.05);
                Assert.True(ratio >= 4.5, name + " " + colour + " has contrast " + ratio.ToString("0.00", CultureInfo.InvariantCulture));
            }
        }

        private static string Row(string dom, string node)
        {
            Match row = Regex.Match(dom, "<tr><th scope=\"row\">" + Regex.Escape(node) + "</th>.*?</tr>");
            Assert.True(row.Success, "no row for " + node);
            return row.Value;
        }

        private static string Chromium(params string[] arguments) =>
            ProcessRunner.Run("chromium", new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run" }.Concat(arguments).ToArray());

        // WCAG 2.x relative luminance of an sRGB colour.
        private static double Luminance(string hex)
        {
            double Channel(int at)
            {
                double c = int.Parse(hex.Substring(at, 2), NumberStyles.HexNumber) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
        }
    }
}
