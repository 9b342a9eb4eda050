using System;
using System.Linq;
using System.Text.Json.Nodes;
using Smile.Simulation.Place;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Smile.Demo
{
    /// <summary>The terminal view of the stream an integrator receives, with the gateway's own figures beside it.</summary>
    public static class LiveView
    {
        public const int Rows = 18;

        /// <summary>
        /// The sparkline's least range (°C): far above a BME280's reading-to-reading noise (hundredths of a degree), so
        /// noise draws a flat line, and about what an hour of the day's cycle moves, so that shows.
        /// </summary>
        public const double TemperatureSpanC = 1.0;

        public static IRenderable Render(StreamLedger ledger, JsonObject? gatewayStatus, string header, DateTime now)
        {
            var nodes = new Table().Border(TableBorder.Rounded).Expand()
                .Title("[bold]Integrator's view[/]: the newest readings per node")
                .AddColumns("node", "net", "temperature", "humidity", "pressure", "presence (motions)", "battery", "observed", "link", "msgs");
            foreach (NodeRow row in ledger.Nodes.Values.OrderByDescending(r => r.LastArrival).Take(Rows))
            {
                string age = row.ObservedAt is DateTime t ? Math.Max(0, (now - t).TotalSeconds).ToString("0") + " s ago" : "";
                nodes.AddRow(
                    Markup.Escape(row.Node), row.Transport, row.Temperature + " " + Sparkline.Render(row.RecentTemperatures, TemperatureSpanC), row.Humidity, row.Pressure,
                    row.Presence.Length == 0 ? "" : row.Presence + " (" + row.Motions + ")", row.Battery, age, Markup.Escape(row.Link),
                    row.Messages.ToString());
            }

            if (ledger.Nodes.Count > Rows)
            {
                nodes.Caption("… and " + (ledger.Nodes.Count - Rows) + " more nodes (newest first)");
            }

            return new Rows(new Markup(header), nodes, Gateway(ledger, gatewayStatus));
        }

        private static IRenderable Gateway(StreamLedger ledger, JsonObject? status)
        {
            var grid = new Grid().AddColumns(4);
            if (status == null)
            {
                return new Panel("[yellow]gateway status not available yet[/]").Header("gateway");
            }

            grid.AddRow(
                "upstream: " + ((bool?)status["upstream_connected"] == true ? "[green]connected[/]" : "[red]down[/]"),
                "in: " + status["messages_in"] + ", out: " + status["messages_out"],
                "buffered: " + status["buffer_messages"] + " messages",
                "quarantined: " + status["quarantine_rows"]);
            grid.AddRow(
                "dropped: " + GatewayProcess.Counter(status, "dropped_buffer_full") + " buffer full, " + GatewayProcess.Counter(status, "dropped_expired") + " expired, " + GatewayProcess.Counter(status, "dropped_rate_limited") + " rate-limited",
                "duplicates dropped: " + GatewayProcess.Counter(status, "duplicates"),
                "received: " + ledger.Measurements + " measurements, " + ledger.StatusMessages + " status",
                "dead letters: " + ledger.DeadLetters);
            return new Panel(grid).Header("gateway");
        }
    }
}
