using System;
using Smile.Frames;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// ChirpStack v4 MQTT integration, event "up" (JSON): base64 data, fCnt, fPort, deviceInfo.devEui, rxInfo, and
    /// deduplicationId, which the gateway uses to drop network-level repeats. Nested defaults may be omitted.
    /// The event speaks only for the device its topic names: ChirpStack's default event_topic is
    /// application/{application_id}/device/{dev_eui}/event/{event} (chirpstack/src/config.rs, [integration.mqtt]), with
    /// the DevEUI in lower-case hex, and the body's deviceInfo.devEui must be the same DevEUI.
    /// </summary>
    public static class ChirpStackUplinks
    {
        public static object Parse(string topic, byte[] payload, long receivedMs)
        {
            return NetworkServerJson.Parse(UplinkSource.ChirpStack, topic, payload, receivedMs, root =>
            {
                string devEui = DevEui(topic, NetworkServerJson.String(root, "deviceInfo", "devEui"));
                if (NetworkServerJson.Find(root, "data") == null)
                {
                    return new SourceRejection(UplinkSource.ChirpStack, topic, devEui, payload, receivedMs, "no_payload",
                        "uplink without data (a MAC-only uplink, or ChirpStack has no AppSKey: joinServerContext set)");
                }

                byte[] frame = NetworkServerJson.Base64(root, "data");
                var (rssi, snr, gateway) = NetworkServerJson.BestReception(root, new[] { "rxInfo" }, rx => NetworkServerJson.String(rx, "gatewayId"));
                long fCnt = NetworkServerJson.Integer(root, "fCnt") ?? 0;
                int? fPort = (int?)NetworkServerJson.Integer(root, "fPort");
                var link = new LinkInfo("lorawan", rssi, snr, gateway, fCnt, fPort, "chirpstack");
                return new Uplink(UplinkSource.ChirpStack, topic, devEui, frame, receivedMs, link, NetworkServerJson.String(root, "deduplicationId"));
            });
        }

        /// <summary>The node id: the topic's DevEUI, which the body confirms (or leaves out).</summary>
        private static string DevEui(string topic, string? body)
        {
            string fromTopic = TopicDevEui(topic);
            if (!NodeIds.IsDevEui(fromTopic))
            {
                throw new NetworkServerRejectedException("bad_dev_eui", "topic level '" + fromTopic + "' after 'device' is not a DevEUI (16 hex digits)");
            }

            string node = NodeIds.OfDevEui(fromTopic);
            if (body != null && !NodeIds.IsDevEui(body))
            {
                throw new NetworkServerRejectedException("bad_dev_eui", "$.deviceInfo.devEui '" + body + "' is not a DevEUI (16 hex digits)", node);
            }

            if (body != null && NodeIds.OfDevEui(body) != node)
            {
                throw new NetworkServerRejectedException("dev_eui_mismatch", "$.deviceInfo.devEui " + body + " is not the topic's DevEUI " + fromTopic, node);
            }

            return node;
        }

        private static string TopicDevEui(string topic)
        {
            string[] levels = topic.Split('/');
            int device = Array.IndexOf(levels, "device");
            return device >= 0 && device + 1 < levels.Length ? levels[device + 1] : "";
        }
    }
}
