using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Smile.Simulation.Place
{
    /// <summary>
    /// Uplink events as the network servers publish them, field for field (docs: /work/shared/reference/formats.md
    /// §1 and §2): the one place tests, the benchmark and the fleet get ChirpStack or The Things Stack JSON from, so
    /// a change in what the servers send is made once.
    /// </summary>
    public static class NetworkServerEvents
    {
        /// <summary>ChirpStack names the application by its UUID in the event topic, not by its name.</summary>
        public const string ChirpStackApplicationId = "17c82e96-be03-4f38-aef3-f83d48582d97";

        public const string TtsApplicationId = "app1";

        public const string TtsTenant = "ttn";

        public static string ChirpStackTopic(string devEui) => "application/" + ChirpStackApplicationId + "/device/" + devEui + "/event/up";

        /// <summary>
        /// A ChirpStack v4 "up" event (integration.UplinkEvent as pbjson writes it): every top-level field present
        /// (emit_fields since v4.1.0), the nested rxInfo/txInfo without their default values, bytes in base64, one
        /// rxInfo per gateway that heard the uplink.
        /// </summary>
        public static byte[] ChirpStackUp(string devEui, long fCnt, byte[] frame, int gateways = 1, int rssi = -97, double snr = 7.0)
        {
            var rxInfo = new JsonArray();
            for (int g = 0; g < gateways; g++)
            {
                rxInfo.Add(new JsonObject
                {
                    ["gatewayId"] = "0016c001f153a1" + g.ToString("x2", CultureInfo.InvariantCulture),
                    ["uplinkId"] = 4217106255L + g,
                    ["gwTime"] = Timestamp(DateTimeOffset.UtcNow),
                    ["nsTime"] = Timestamp(DateTimeOffset.UtcNow),
                    ["timeSinceGpsEpoch"] = "1356566418.123s",
                    ["rssi"] = rssi - g,
                    ["snr"] = snr,
                    ["channel"] = 5,
                    ["rfChain"] = 1,
                    ["board"] = 0,
                    ["antenna"] = 0,
                    ["location"] = new JsonObject { ["latitude"] = 54.092412, ["longitude"] = 12.099123, ["altitude"] = 12.0 },
                    ["fineTimestampType"] = "NONE",
                    ["context"] = "E3OWOQ==",
                    ["metadata"] = new JsonObject { ["region_config_id"] = "eu868", ["region_common_name"] = "EU868" },
                    ["crcStatus"] = "CRC_OK",
                });
            }

            var json = new JsonObject
            {
                ["deduplicationId"] = Guid.NewGuid().ToString(),
                ["time"] = Timestamp(DateTimeOffset.UtcNow),
                ["deviceInfo"] = new JsonObject
                {
                    ["tenantId"] = "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
                    ["tenantName"] = "Rostock",
                    ["applicationId"] = ChirpStackApplicationId,
                    ["applicationName"] = "smile",
                    ["deviceProfileId"] = "14855bf7-d10d-4aee-b618-ebfcb64dc7ad",
                    ["deviceProfileName"] = "smile-node",
                    ["deviceName"] = devEui,
                    ["devEui"] = devEui,
                    ["deviceClassEnabled"] = "CLASS_A",
                    ["tags"] = new JsonObject { ["site"] = "hafen" },
                },
                ["devAddr"] = "00189440",
                ["adr"] = true,
                ["dr"] = 5,
                ["fCnt"] = fCnt,
                ["fPort"] = 1,
                ["confirmed"] = false,
                ["data"] = Convert.ToBase64String(frame),
                ["rxInfo"] = rxInfo,
                ["txInfo"] = new JsonObject
                {
                    ["frequency"] = 868100000,
                    ["modulation"] = new JsonObject { ["lora"] = new JsonObject { ["bandwidth"] = 125000, ["spreadingFactor"] = 7, ["codeRate"] = "CR_4_5" } },
                },
                ["regionConfigId"] = "eu868",
            };
            return Encoding.UTF8.GetBytes(json.ToJsonString());
        }

        /// <summary>The Things Stack names the device by its device id in the topic, not by its DevEUI.</summary>
        public static string TtsTopic(string deviceId) => "v3/" + TtsApplicationId + "@" + TtsTenant + "/devices/" + deviceId + "/up";

        /// <summary>
        /// A The Things Stack v3 uplink message ("…/up", and a line of the Storage Integration): zero, empty and false
        /// fields left out (f_cnt 0 is absent), 64-bit integers as strings, the DevEUI in upper case.
        /// </summary>
        public static JsonObject TtsUp(string deviceId, string devEui, long fCnt, byte[] frame, DateTimeOffset receivedAt, int rssi = -100, double snr = -2.5)
        {
            string received = receivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'12Z'", CultureInfo.InvariantCulture);
            var uplink = new JsonObject
            {
                ["session_key_id"] = "AYa3nmk0JY2Wlg8y4Xk3Yw==",
                ["f_port"] = 1,
            };
            if (fCnt != 0)
            {
                uplink["f_cnt"] = fCnt;
            }

            uplink["frm_payload"] = Convert.ToBase64String(frame);
            uplink["rx_metadata"] = new JsonArray(new JsonObject
            {
                ["gateway_ids"] = new JsonObject { ["gateway_id"] = "gw-a", ["eui"] = "B827EBFFFE8E2F1A" },
                ["time"] = received,
                ["timestamp"] = 2463457000L,
                ["rssi"] = rssi,
                ["channel_rssi"] = rssi,
                ["snr"] = snr,
                ["uplink_token"] = "ChIKEAoEZ3ctYRIIuCfr//6OLxoQ",
                ["channel_index"] = 2,
            });
            uplink["settings"] = new JsonObject
            {
                ["data_rate"] = new JsonObject { ["lora"] = new JsonObject { ["bandwidth"] = 125000, ["spreading_factor"] = 7, ["coding_rate"] = "4/5" } },
                ["frequency"] = "868500000",
                ["timestamp"] = 2463457000L,
                ["time"] = received,
            };
            uplink["received_at"] = received;
            uplink["consumed_airtime"] = "0.056576s";
            uplink["network_ids"] = new JsonObject { ["net_id"] = "000013", ["tenant_id"] = TtsTenant, ["cluster_id"] = "eu1" };
            return new JsonObject
            {
                ["end_device_ids"] = new JsonObject
                {
                    ["device_id"] = deviceId,
                    ["application_ids"] = new JsonObject { ["application_id"] = TtsApplicationId },
                    ["dev_eui"] = devEui.ToUpperInvariant(),
                    ["join_eui"] = "0000000000000000",
                    ["dev_addr"] = "260B1234",
                },
                ["correlation_ids"] = new JsonArray("gs:uplink:" + Guid.NewGuid().ToString("N"), "as:up:" + Guid.NewGuid().ToString("N")),
                ["received_at"] = received,
                ["uplink_message"] = uplink,
            };
        }

        /// <summary>RFC 3339 with nanoseconds, as pbjson writes a Timestamp.</summary>
        private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00+00:00'", CultureInfo.InvariantCulture);
    }
}
