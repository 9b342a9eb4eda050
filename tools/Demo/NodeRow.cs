using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Smile.Demo
{
    /// <summary>One node as the integrator sees it: its latest readings with units, link quality and health.</summary>
    public sealed class NodeRow
    {
        /// <summary>How many temperatures the sparkline shows: an hour of a LoRaWAN node's 5-minute samples.</summary>
        public const int RecentCount = 12;

        private readonly List<double> _recentTemperatures = new List<double>();

        public NodeRow(string node) => Node = node;

        public string Node { get; }

        public string Transport { get; private set; } = "";

        public DateTime LastArrival { get; private set; }

        public DateTime? ObservedAt { get; private set; }

        public string Temperature { get; private set; } = "";

        /// <summary>The node's latest temperatures (°C) in the order they arrived, oldest first.</summary>
        public IReadOnlyList<double> RecentTemperatures => _recentTemperatures;

        public string Humidity { get; private set; } = "";

        public string Pressure { get; private set; } = "";

        public string Presence { get; private set; } = "";

        public string Motions { get; private set; } = "";

        public string Battery { get; private set; } = "";

        public string Link { get; private set; } = "";

        public string Firmware { get; private set; } = "";

        public int Messages { get; private set; }

        public void Seen(JsonObject message, DateTime arrivedAt)
        {
            Messages++;
            LastArrival = arrivedAt;
            JsonNode? link = message["link"];
            Transport = (string?)link?["transport"] ?? Transport;
            if (link?["rssi_dbm"] != null || link?["node_rssi_dbm"] != null)
            {
                double rssi = (double)(link["rssi_dbm"] ?? link["node_rssi_dbm"])!;
                JsonNode? snr = link["snr_db"] ?? link["node_snr_db"];
                Link = rssi.ToString("0", CultureInfo.InvariantCulture) + " dBm" + (snr != null ? " / " + ((double)snr).ToString("0.#", CultureInfo.InvariantCulture) + " dB" : "");
            }

            if ((string?)message["firmware"] is string firmware)
            {
                Firmware = firmware;
            }

            if (message["battery_v"] != null)
            {
                Battery = ((double)message["battery_v"]!).ToString("0.00", CultureInfo.InvariantCulture) + " V";
            }

            if (message["readings"] is not JsonArray readings)
            {
                return;
            }

            ObservedAt = DateTime.Parse((string)message["observed_at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            foreach (JsonNode? reading in readings)
            {
                string name = (string)reading!["name"]!;
                string text = reading["value"] is JsonValue v && v.TryGetValue(out bool flag) ? (flag ? "yes" : "no")
                    : ((double)reading["value"]!).ToString("0.##", CultureInfo.InvariantCulture) + " " + (string?)reading["unit"];
                switch (name)
                {
                    case "temperature":
                        Temperature = text;
                        Remember((double)reading["value"]!);
                        break;
                    case "humidity": Humidity = text; break;
                    case "pressure": Pressure = text; break;
                    case "presence": Presence = text; break;
                    case "motion_count": Motions = ((double)reading["value"]!).ToString(CultureInfo.InvariantCulture); break;
                    case "battery": Battery = text; break;
                }
            }
        }

        private void Remember(double celsius)
        {
            _recentTemperatures.Add(celsius);
            if (_recentTemperatures.Count > RecentCount)
            {
                _recentTemperatures.RemoveAt(0);
            }
        }
    }
}
