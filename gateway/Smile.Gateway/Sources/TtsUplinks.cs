using System;
using System.Text.Json;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The Things Stack v3 uplink message (JSON): uplink_message.frm_payload, f_cnt (omitted when 0), f_port,
    /// rx_metadata, end_device_ids.dev_eui. The device is named by its DevEUI, like ChirpStack's, so a node keeps its
    /// id when it moves between network servers.
    /// </summary>
    public static class TtsUplinks
    {
        public static object Parse(string topic, byte[] payload, long receivedMs)
        {
            return LnsJson.Parse(UplinkSource.TheThingsStack, topic, payload, receivedMs, root =>
            {
                string? devEui = LnsJson.String(root, "end_device_ids", "dev_eui")?.ToLowerInvariant();
                if (devEui == null || !NodeIds.IsValid(devEui))
                {
                    throw new FormatException("$.end_device_ids.dev_eui is missing or not a device EUI");
                }

                if (LnsJson.Find(root, "uplink_message", "frm_payload") == null)
                {
                    return new SourceRejection(UplinkSource.TheThingsStack, topic, devEui, payload, receivedMs, "no_payload", "uplink without frm_payload");
                }

                byte[] frame = LnsJson.Base64(root, "uplink_message", "frm_payload");
                var (rssi, snr, gateway) = LnsJson.BestReception(LnsJson.Find(root, "uplink_message", "rx_metadata"),
                    rx => LnsJson.String(rx, "gateway_ids", "gateway_id"));
                var link = new LinkInfo("lorawan", rssi, snr, gateway, LnsJson.Integer(root, "uplink_message", "f_cnt") ?? 0,
                    (int?)LnsJson.Integer(root, "uplink_message", "f_port"), "tts");
                string? dedup = LnsJson.Find(root, "correlation_ids") is { ValueKind: JsonValueKind.Array } ids ? FirstUplinkCorrelation(ids) : null;
                return new Uplink(UplinkSource.TheThingsStack, topic, devEui, frame, receivedMs, link, dedup);
            });
        }

        /// <summary>The "as:up:…" correlation id names one uplink across its repeats.</summary>
        private static string? FirstUplinkCorrelation(JsonElement ids)
        {
            foreach (JsonElement id in ids.EnumerateArray())
            {
                string? text = id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (text != null && text.StartsWith("as:up:", StringComparison.Ordinal))
                {
                    return text;
                }
            }

            return null;
        }
    }
}
