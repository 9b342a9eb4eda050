using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using Smile.Gateway.Board;
using Smile.Gateway.Buffer;
using Smile.Gateway.Configuration;
using Smile.Gateway.Sinks;

namespace Smile.Gateway.Health
{
    /// <summary>
    /// The read-only status page: the gateway's state, its buffer, what it dropped and quarantined and why, and one
    /// row per node that answers "why is node X silent" at a glance. Plain semantic HTML without scripts, readable on
    /// a phone, every colour at WCAG AA contrast or better, and every state said in words, not only in colour.
    /// </summary>
    public sealed class StatusPage
    {
        /// <summary>The page's colours (foreground on the white background); the tests check their contrast.</summary>
        public static readonly IReadOnlyDictionary<string, string> Palette = new Dictionary<string, string>
        {
            ["text"] = "#1b1b1b",
            ["muted"] = "#595959",
            ["good"] = "#1d6b2f",
            ["alert"] = "#a4262c",
            ["link"] = "#0b57d0",
            ["background"] = "#ffffff",
        };

        private static readonly string[] Drops = { DropPolicy.DroppedFull, DropPolicy.DroppedExpired, "dropped_rate_limited", "duplicates", "filtered", "quarantined" };
        private readonly GatewayOptions _options;
        private readonly GatewayClock _clock;
        private readonly GatewayHealth _health;
        private readonly GatewayStore _store;
        private readonly Brokers _brokers;
        private readonly Sources.UplinkConnections _connections;
        private readonly NodeDirectory _nodes;
        private readonly Sources.SourceQosWatch _qosWatch;
        private readonly BoardHealth _board;
        private readonly Pipeline.ClockCorrector _corrector;

        public StatusPage(GatewayOptions options, GatewayHealth health, GatewayStore store, Brokers brokers, Sources.UplinkConnections connections, NodeDirectory nodes, Sources.SourceQosWatch qosWatch, GatewayClock clock,
            BoardHealth board, Pipeline.ClockCorrector corrector)
        {
            _corrector = corrector;
            _board = board;
            _clock = clock;
            _qosWatch = qosWatch;
            _options = options;
            _health = health;
            _store = store;
            _brokers = brokers;
            _connections = connections;
            _nodes = nodes;
        }

        public string Render(DateTimeOffset now)
        {
            long nowMs = now.ToUnixTimeMilliseconds();
            var html = new StringBuilder();
            html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>Smile gateway ").Append(E(_options.Gateway.Id)).Append(" – status</title>\n<style>").Append(Style()).Append("</style>\n</head>\n<body>\n")
                .Append("<a class=\"skip\" href=\"#nodes\">Skip to the node table</a>\n<header>\n<h1>Smile gateway ").Append(E(_options.Gateway.Id)).Append("</h1>\n")
                .Append("<p class=\"muted\">Site ").Append(E(_options.Gateway.Site)).Append(" · as of ").Append(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                .Append(" UTC · <a href=\"/\">Refresh</a> · <a href=\"/status\">JSON</a> · <a href=\"/metrics\">metrics</a></p>\n</header>\n<main>\n");
            IReadOnlyDictionary<(string Name, string Node), long> counters = _store.Counters();
            State(html, nowMs);
            Hardware(html, nowMs);
            Counters(html, counters);
            Nodes(html, nowMs, counters);
            Quarantine(html, nowMs);
            html.Append("</main>\n</body>\n</html>\n");
            return html.ToString();
        }

        private void State(StringBuilder html, long nowMs)
        {
            List<string> notReady = _health.NotReadyReasons();
            long? oldest = _store.OldestPendingMs();
            html.Append("<section aria-labelledby=\"state\">\n<h2 id=\"state\">State</h2>\n<dl class=\"facts\">\n");
            Fact(html, "Gateway", notReady.Count == 0 ? Good("ready") : Alert("not ready: " + string.Join("; ", notReady)));
            Fact(html, "City platform", _brokers.Upstream.IsConnected ? Good("connected") : Alert("not connected" + (_brokers.Upstream.LastError is string e ? ": " + e : "")));
            Fact(html, "Smile Place broker", _connections.Local.IsConnected ? Good("connected") : Alert("not connected"));
            Fact(html, "Clock", _clock.State switch
            {
                ClockSyncState.Synchronized => Good("synchronized"),
                ClockSyncState.Unsynchronized => Alert("not synchronized (no NTP yet): receive times may be wrong; measurements are flagged gateway_clock_unsynced"),
                _ => E("sync state unknown"),
            } + (_corrector.LastStepMs is long step ? E(" · last correction " + Pipeline.ClockCorrector.Describe(step) + "; since start " + _corrector.CorrectedRows
                + " held messages corrected, " + _corrector.UncorrectedRows + " forwarded before the sync keep gateway_clock_unsynced") : ""));
            if (StatusPageExposure.PlainTextWarning(_options.Health) is string warning)
            {
                Fact(html, "Status page", Alert(warning));
            }

            Fact(html, "Buffer", E(_store.PendingMessages + " messages waiting (" + _store.Bytes / 1024 + " KiB)")
                + (oldest is long ms ? E(", oldest received " + Ago(nowMs - ms)) : ""));
            BufferDisk disk = _store.Disk();
            string free = disk.FreeBytes is long bytes ? bytes / (1024 * 1024) + " MiB free" : "free space unknown";
            Fact(html, "Storage", disk.BelowFloor
                ? Alert(free + ", under the " + disk.FloorBytes / (1024 * 1024) + " MiB kept free: the buffer no longer grows, and while the city platform is away new messages replace the oldest. Free space on the card.")
                : E(free));
            foreach (var (source, atQos0, fix) in _qosWatch.Warnings())
            {
                Fact(html, "Uplinks from " + Sources.UplinkSourceNames.Of(source), Alert("arrive at QoS 0 (" + atQos0
                    + " so far): lost whenever the gateway restarts. Fix: " + fix));
            }
            html.Append("</dl>\n</section>\n");
        }

        /// <summary>The Pi's temperature and power and the own sensor; nothing on a machine that reports neither.</summary>
        private void Hardware(StringBuilder html, long nowMs)
        {
            PiVitals vitals = _board.Vitals();
            SensorStatus.Snapshot sensor = _board.Sensor();
            if (vitals.CpuTemperatureC == null && vitals.Throttled == null && !_board.SensorEnabled)
            {
                return;
            }

            html.Append("<section aria-labelledby=\"hardware\">\n<h2 id=\"hardware\">Smile Place hardware</h2>\n<dl class=\"facts\">\n");
            if (vitals.CpuTemperatureC is double celsius)
            {
                Fact(html, "CPU temperature", E(celsius.ToString("0.0", CultureInfo.InvariantCulture) + " °C"));
            }

            if (vitals.Throttled is ThrottledFlags flags)
            {
                var now = new List<string>();
                if (flags.FrequencyCapped)
                {
                    now.Add("frequency capped");
                }

                if (flags.Throttled)
                {
                    now.Add("throttled");
                }

                if (flags.SoftTemperatureLimit)
                {
                    now.Add("at the soft temperature limit");
                }

                string cpu = now.Count > 0 ? " " + Alert("CPU " + string.Join(", ", now)) : "";
                Fact(html, "Power", (flags.UnderVoltage ? Alert("supply voltage too low now: use a stronger power supply or a shorter cable")
                    : flags.UnderVoltageSinceBoot ? Alert("supply voltage was too low since boot")
                    : Good("supply voltage good")) + cpu);
            }

            if (_board.SensorEnabled)
            {
                Fact(html, "Own sensor (BME280)", sensor.Failing ? Alert("failing (" + sensor.ConsecutiveFailures + " in a row): " + sensor.LastError)
                    : sensor.Last is OwnReading r ? E(r.TemperatureC.ToString("0.0", CultureInfo.InvariantCulture) + " °C, " + r.HumidityPercent.ToString("0", CultureInfo.InvariantCulture)
                        + " %, " + r.PressureHpa.ToString("0.0", CultureInfo.InvariantCulture) + " hPa, read " + Ago(nowMs - sensor.LastAt!.Value.ToUnixTimeMilliseconds()))
                    : Muted("no reading yet"));
            }

            html.Append("</dl>\n</section>\n");
        }

        private static void Counters(StringBuilder html, IReadOnlyDictionary<(string Name, string Node), long> counters)
        {
            html.Append("<section aria-labelledby=\"drops\">\n<h2 id=\"drops\">Dropped and quarantined</h2>\n<dl class=\"facts\">\n");
            foreach (string name in Drops)
            {
                long total = counters.Where(c => c.Key.Name == name).Sum(c => c.Value);
                Fact(html, name.Replace('_', ' '), total == 0 ? "0" : Alert(total.ToString(CultureInfo.InvariantCulture)));
            }

            html.Append("</dl>\n</section>\n");
        }

        private void Nodes(StringBuilder html, long nowMs, IReadOnlyDictionary<(string Name, string Node), long> counters)
        {
            List<NodeHealth> nodes = _nodes.Snapshot();
            long silentMs = _options.Health.SilentAfterMinutes * 60_000L;
            html.Append("<section aria-labelledby=\"nodes-title\">\n<h2 id=\"nodes-title\">Nodes</h2>\n")
                .Append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"nodes-title\" tabindex=\"0\">\n<table id=\"nodes\">\n<caption>")
                .Append(nodes.Count).Append(" nodes heard since the gateway started; a node is silent after ").Append(_options.Health.SilentAfterMinutes)
                .Append(" minutes without an uplink.</caption>\n<thead><tr>");
            foreach (string column in new[] { "Node", "Last seen", "Link", "RSSI / SNR", "Battery", "Firmware", "Node buffer", "Node drops", "Gateway drops" })
            {
                html.Append("<th scope=\"col\">").Append(column).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (NodeHealth node in nodes)
            {
                long quiet = nowMs - node.LastSeenMs;
                var gatewayDrops = Drops.Select(d => (d, counters.TryGetValue((d, node.Node), out long n) ? n : 0)).Where(x => x.Item2 > 0).ToList();
                html.Append("<tr>")
                    .Append("<th scope=\"row\">").Append(E(node.Node)).Append("</th>")
                    .Append("<td data-label=\"Last seen\">").Append(quiet > silentMs ? Alert("silent, " + Ago(quiet)) : E(Ago(quiet))).Append("</td>")
                    .Append("<td data-label=\"Link\">").Append(E(node.Transport)).Append("</td>")
                    .Append("<td data-label=\"RSSI / SNR\">").Append(node.RssiDbm is int rssi ? E(rssi + " dBm" + (node.SnrDb is double snr ? " / " + snr.ToString("0.##", CultureInfo.InvariantCulture) + " dB" : "")) : Muted("unknown")).Append("</td>")
                    .Append("<td data-label=\"Battery\">").Append(node.BatteryV is double v ? E(v.ToString("0.00", CultureInfo.InvariantCulture) + " V") : Muted("unknown")).Append("</td>")
                    .Append("<td data-label=\"Firmware\">").Append(node.Firmware is string fw ? E(fw + " (" + node.ResetReason + ")") : Muted("no status yet")).Append("</td>")
                    .Append("<td data-label=\"Node buffer\">").Append(node.BufferedSamples is int b ? E(b + " samples") : Muted("unknown")).Append("</td>")
                    .Append("<td data-label=\"Node drops\">").Append(node.DroppedSamples is int d ? (d > 0 ? Alert(d + " samples") : "0") : Muted("unknown")).Append("</td>")
                    .Append("<td data-label=\"Gateway drops\">").Append(gatewayDrops.Count == 0 ? "0" : Alert(string.Join(", ", gatewayDrops.Select(g => g.Item2 + " " + g.d.Replace('_', ' ')))))
                    .Append(node.LastProblem is string problem ? " " + Muted("(last: " + problem + ")") : "").Append("</td>")
                    .Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n</div>\n</section>\n");
        }

        private void Quarantine(StringBuilder html, long nowMs)
        {
            List<QuarantineEntry> entries = _store.RecentQuarantine(20);
            html.Append("<section aria-labelledby=\"quarantine\">\n<h2 id=\"quarantine\">Quarantined inputs</h2>\n");
            if (entries.Count == 0)
            {
                html.Append("<p>None.</p>\n</section>\n");
                return;
            }

            html.Append("<div class=\"scroll\" role=\"region\" aria-labelledby=\"quarantine\" tabindex=\"0\">\n<table>\n<caption>The newest ").Append(entries.Count)
                .Append(" of ").Append(_store.QuarantineRows).Append(", kept with their bytes for inspection.</caption>\n<thead><tr>");
            foreach (string column in new[] { "Received", "Node", "Source", "Reason", "Detail", "Bytes" })
            {
                html.Append("<th scope=\"col\">").Append(column).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (QuarantineEntry q in entries)
            {
                string hex = Convert.ToHexString(q.Raw, 0, Math.Min(q.Raw.Length, 24)).ToLowerInvariant() + (q.Raw.Length > 24 ? "…" : "");
                html.Append("<tr><td data-label=\"Received\">").Append(E(Ago(nowMs - q.ReceivedMs))).Append("</td><th scope=\"row\">").Append(E(q.Node ?? "unknown")).Append("</th><td data-label=\"Source\">")
                    .Append(E(q.Source)).Append("</td><td data-label=\"Reason\">").Append(E(q.Reason)).Append("</td><td data-label=\"Detail\">").Append(E(q.Message)).Append("</td><td data-label=\"Bytes\"><code>")
                    .Append(E(hex)).Append("</code></td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</div>\n</section>\n");
        }

        private static void Fact(StringBuilder html, string term, string description) =>
            html.Append("<div><dt>").Append(E(term)).Append("</dt><dd>").Append(description).Append("</dd></div>\n");

        private static string Good(string text) => "<span class=\"good\">" + E(text) + "</span>";

        private static string Alert(string text) => "<strong class=\"alert\">" + E(text) + "</strong>";

        private static string Muted(string text) => "<span class=\"muted\">" + E(text) + "</span>";

        private static string E(string text) => HtmlEncoder.Default.Encode(text);

        private static string Ago(long ms)
        {
            var span = TimeSpan.FromMilliseconds(Math.Max(0, ms));
            return span.TotalMinutes < 1 ? (int)span.TotalSeconds + " s ago"
                : span.TotalHours < 1 ? (int)span.TotalMinutes + " min ago"
                : span.TotalDays < 2 ? (int)span.TotalHours + " h ago"
                : (int)span.TotalDays + " days ago";
        }

        private static string Style() =>
            ":root{--text:" + Palette["text"] + ";--muted:" + Palette["muted"] + ";--good:" + Palette["good"] + ";--alert:" + Palette["alert"]
            + ";--link:" + Palette["link"] + ";--bg:" + Palette["background"] + "}"
            + "body{margin:0 auto;max-width:72rem;padding:1rem;font:1rem/1.5 system-ui,sans-serif;color:var(--text);background:var(--bg)}"
            + "a{color:var(--link)}a:focus,[tabindex]:focus{outline:3px solid var(--link);outline-offset:2px}"
            + ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}"
            + "h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}"
            + ".muted{color:var(--muted)}.good{color:var(--good)}.alert{color:var(--alert)}"
            + ".facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.5rem 1rem;margin:0}"
            + ".facts div{border-left:4px solid #d0d0d0;padding-left:.5rem}dt{font-weight:600}dd{margin:0}"
            + ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;min-width:40rem}"
            + "caption{text-align:left;color:var(--muted);padding:.25rem 0}"
            + "th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d0d0;vertical-align:top}thead th{border-bottom:2px solid var(--text)}"
            + "code{font-size:.9em;word-break:break-all}"

            // On a phone each row becomes a card: the cell's column name before its value, no sideways scrolling.
            + "@media (max-width:40rem){table{min-width:0}thead{position:absolute;left:-999px}tr{display:block;border-bottom:2px solid var(--text);padding:.25rem 0}"
            + "th[scope=row]{display:block;border:0;font-size:1.05rem}td{display:grid;grid-template-columns:9rem 1fr;border:0;padding:.15rem .5rem}"
            + "td::before{content:attr(data-label);font-weight:600}}";
    }
}
