using System;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// ChirpStack v4 MQTT integration, event "up" (JSON): base64 data, fCnt, fPort, deviceInfo.devEui, rxInfo, and
    /// deduplicationId, which the gateway uses to drop network-level repeats. Nested defaults may be omitted.
    /// </summary>
    public static class ChirpStackUplinks
    {
        public static object Parse(string topic, byte[] payload, long receivedMs)
        {
            return LnsJson.Parse(UplinkSource.ChirpStack, topic, payload, receivedMs, root =>
            {
                string devEui = (LnsJson.String(root, "deviceInfo", "devEui") ?? TopicDevEui(topic)).ToLowerInvariant();
                if (!NodeIds.IsValid(devEui))
                {
                    throw new FormatException("$.deviceInfo.devEui '" + devEui + "' is not a device EUI");
                }

                if (LnsJson.Find(root, "data") == null)
                {
                    return new SourceRejection(UplinkSource.ChirpStack, topic, devEui, payload, receivedMs, "no_payload",
                        "uplink without data (a MAC-only uplink, or ChirpStack has no AppSKey: joinServerContext set)");
                }

                byte[] frame = LnsJson.Base64(root, "data");
                var (rssi, snr, gateway) = LnsJson.BestReception(LnsJson.Find(root, "rxInfo"), rx => LnsJson.String(rx, "gatewayId"));
                long fCnt = LnsJson.Integer(root, "fCnt") ?? 0;
                int? fPort = (int?)LnsJson.Integer(root, "fPort");
                var link = new LinkInfo("lorawan", rssi, snr, gateway, fCnt, fPort, "chirpstack");
                return new Uplink(UplinkSource.ChirpStack, topic, devEui, frame, receivedMs, link, LnsJson.String(root, "deduplicationId"));
            });
        }

        private static string TopicDevEui(string topic)
        {
            // application/{application_id}/device/{dev_eui}/event/up
            string[] levels = topic.Split('/');
            return levels.Length >= 4 ? levels[3] : "";
        }
    }
}
