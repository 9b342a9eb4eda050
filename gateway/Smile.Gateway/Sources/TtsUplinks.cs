using System;
using System.Text.Json;
using Smile.Frames;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The Things Stack v3 uplink message (JSON): uplink_message.frm_payload, f_cnt (omitted when 0), f_port,
    /// rx_metadata, end_device_ids.dev_eui. The device is named by its DevEUI, like ChirpStack's, so a node keeps its
    /// id when it moves between network servers. The event speaks only for the device its topic names: TTS's MQTT
    /// server publishes v3/{application id}[@{tenant id}]/devices/{device id}/up (TTS docs, "MQTT Server"), and the
    /// body's end_device_ids.device_id must be that device id.
    /// </summary>
    public static class TtsUplinks
    {
        public static object Parse(string topic, byte[] payload, long receivedMs)
        {
            return NetworkServerJson.Parse(UplinkSource.TheThingsStack, topic, payload, receivedMs, root =>
            {
                string devEui = DevEui(topic, root);
                if (NetworkServerJson.Find(root, "uplink_message", "frm_payload") == null)
                {
                    return new SourceRejection(UplinkSource.TheThingsStack, topic, devEui, payload, receivedMs, "no_payload", "uplink without frm_payload");
                }

                byte[] frame = NetworkServerJson.Base64(root, "uplink_message", "frm_payload");
                var (rssi, snr, gateway) = NetworkServerJson.BestReception(root, new[] { "uplink_message", "rx_metadata" },
                    rx => NetworkServerJson.String(rx, "gateway_ids", "gateway_id"));
                var link = new LinkInfo("lorawan", rssi, snr, gateway, NetworkServerJson.Integer(root, "uplink_message", "f_cnt") ?? 0,
                    (int?)NetworkServerJson.Integer(root, "uplink_message", "f_port"), "tts");
                string? dedup = NetworkServerJson.Find(root, "correlation_ids") is { ValueKind: JsonValueKind.Array } ids ? FirstUplinkCorrelation(ids) : null;
                return new Uplink(UplinkSource.TheThingsStack, topic, devEui, frame, receivedMs, link, dedup);
            });
        }

        /// <summary>The node id: the body's DevEUI, of the device the topic names.</summary>
        private static string DevEui(string topic, JsonElement root)
        {
            string? devEui = NetworkServerJson.String(root, "end_device_ids", "dev_eui");
            if (devEui == null || !NodeIds.IsDevEui(devEui))
            {
                throw new NetworkServerRejectedException("bad_dev_eui", "$.end_device_ids.dev_eui " + (devEui == null ? "is missing" : "'" + devEui + "' is not a DevEUI (16 hex digits)"));
            }

            string node = NodeIds.OfDevEui(devEui);
            string topicDevice = TopicDeviceId(topic);
            string? bodyDevice = NetworkServerJson.String(root, "end_device_ids", "device_id");
            if (topicDevice.Length == 0 || bodyDevice != topicDevice)
            {
                throw new NetworkServerRejectedException("dev_eui_mismatch", "$.end_device_ids.device_id " + (bodyDevice == null ? "is missing" : "'" + bodyDevice + "'")
                    + " is not the topic's device id '" + topicDevice + "'", node);
            }

            return node;
        }

        private static string TopicDeviceId(string topic)
        {
            string[] levels = topic.Split('/');
            int devices = Array.IndexOf(levels, "devices");
            return devices >= 0 && devices + 1 < levels.Length ? levels[devices + 1] : "";
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
