using System;
using System.Text;
using Smile.Gateway.Sources;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>Network-server JSON as ChirpStack v4 and The Things Stack v3 publish it, including what they leave out.</summary>
    public class SourceTests
    {
        private const string ChirpStackUp = @"{""deduplicationId"":""3ac7e3c4-4401-4b8d-9386-a5c902f9202d"",""time"":""2022-07-18T09:34:15.775023242+00:00"",
""deviceInfo"":{""tenantId"":""52f14cd4"",""applicationId"":""17c82e96"",""deviceName"":""node"",""devEui"":""0101010101010101""},
""devAddr"":""00189440"",""adr"":true,""dr"":1,""fCnt"":10,""fPort"":1,""confirmed"":false,""data"":""IE0j2v8reHkDqw=="",
""rxInfo"":[{""gatewayId"":""0016c001f153a14c"",""uplinkId"":4217106255,""rssi"":-36,""snr"":10.5,""context"":""E3OWOQ=="",""metadata"":{""region_name"":""eu868""}},
{""gatewayId"":""0016c001f153a14d"",""rssi"":-90}],
""txInfo"":{""frequency"":867100000,""modulation"":{""lora"":{""bandwidth"":125000,""spreadingFactor"":11,""codeRate"":""CR_4_5""}}}}";

        private const string TtsUp = @"{""end_device_ids"":{""device_id"":""dev1"",""application_ids"":{""application_id"":""app1""},""dev_eui"":""70B3D57ED0000001"",""dev_addr"":""260B1234""},
""correlation_ids"":[""gs:uplink:01H"",""as:up:01HXYZ""],""received_at"":""2026-01-01T10:00:00.1Z"",
""uplink_message"":{""f_port"":1,""frm_payload"":""IE0j2v8reHkDqw=="",""rx_metadata"":[{""gateway_ids"":{""gateway_id"":""gw-a""},""rssi"":-101,""snr"":-3.5}],
""settings"":{""data_rate"":{""lora"":{""bandwidth"":125000,""spreading_factor"":9}},""frequency"":""868300000""},""consumed_airtime"":""0.056576s""}}";

        [Fact]
        public void ChirpStack_uplink_gives_frame_node_link_and_dedup_id()
        {
            var uplink = Assert.IsType<Uplink>(ChirpStackUplinks.Parse("application/17c82e96/device/0101010101010101/event/up", Encoding.UTF8.GetBytes(ChirpStackUp), 1));

            Assert.Equal("0101010101010101", uplink.NodeId);
            Assert.Equal("204D23DAFF2B787903AB", Convert.ToHexString(uplink.Frame));
            Assert.Equal(new LinkInfo("lorawan", -36, 10.5, "0016c001f153a14c", 10, 1, "chirpstack"), uplink.Link);
            Assert.Equal("3ac7e3c4-4401-4b8d-9386-a5c902f9202d", uplink.LnsDedupId);
        }

        [Fact]
        public void ChirpStack_uplink_with_omitted_defaults_still_parses()
        {
            const string minimal = @"{""data"":""IE0j2v8reHkDqw=="",""rxInfo"":[{""gatewayId"":""aa""}]}";
            var uplink = Assert.IsType<Uplink>(ChirpStackUplinks.Parse("application/x/device/0A0B0C0D0E0F1011/event/up", Encoding.UTF8.GetBytes(minimal), 1));

            Assert.Equal("0a0b0c0d0e0f1011", uplink.NodeId);
            Assert.Equal(0, uplink.Link.FCnt);
            Assert.Null(uplink.Link.RssiDbm);
            Assert.Null(uplink.LnsDedupId);
        }

        [Theory]
        [InlineData("{not json", "malformed_json", "")]
        [InlineData("[1,2]", "malformed_json", "not a JSON object")]
        [InlineData(@"{""deviceInfo"":{""devEui"":""0101010101010101""},""data"":""@@@""}", "malformed_json", "$.data is not base64")]
        [InlineData(@"{""deviceInfo"":{""devEui"":""0101010101010101""},""data"":""IE0="",""fCnt"":""x""}", "malformed_json", "$.fCnt is not an integer")]
        [InlineData(@"{""deviceInfo"":{""devEui"":""0101010101010101""}}", "no_payload", "joinServerContext")]
        public void Bad_chirpstack_events_are_rejected_with_the_reason_and_the_path(string json, string reason, string detail)
        {
            var rejection = Assert.IsType<SourceRejection>(ChirpStackUplinks.Parse("application/x/device/0101010101010101/event/up", Encoding.UTF8.GetBytes(json), 1));

            Assert.Equal(reason, rejection.Reason);
            Assert.Contains(detail, rejection.Message);
            Assert.Equal(json, Encoding.UTF8.GetString(rejection.Raw));
        }

        [Fact]
        public void Tts_uplink_gives_frame_node_by_dev_eui_and_counter_zero_when_omitted()
        {
            var uplink = Assert.IsType<Uplink>(TtsUplinks.Parse("v3/app1@ttn/devices/dev1/up", Encoding.UTF8.GetBytes(TtsUp), 1));

            Assert.Equal("70b3d57ed0000001", uplink.NodeId);
            Assert.Equal("204D23DAFF2B787903AB", Convert.ToHexString(uplink.Frame));
            Assert.Equal(new LinkInfo("lorawan", -101, -3.5, "gw-a", 0, 1, "tts"), uplink.Link);
            Assert.Equal("as:up:01HXYZ", uplink.LnsDedupId);
        }

        [Theory]
        [InlineData("smile/up/node-7", true)]
        [InlineData("smile/up/no de", false)]
        public void Wifi_node_id_comes_from_the_topic(string topic, bool valid)
        {
            object parsed = WifiUplinks.Parse(topic, new byte[] { 0x20 }, 1);
            Assert.Equal(valid, parsed is Uplink);
        }

        [Theory]
        [InlineData("smile/up/+", "smile/up/n1", true)]
        [InlineData("smile/up/+", "smile/up/n1/x", false)]
        [InlineData("application/+/device/+/event/up", "application/a/device/b/event/up", true)]
        [InlineData("application/+/device/+/event/up", "application/a/device/b/event/log", false)]
        [InlineData("v3/#", "v3/a/devices/b/up", true)]
        public void Topic_filters_match_as_mqtt_does(string filter, string topic, bool matches)
        {
            Assert.Equal(matches, TopicFilter.Matches(filter, topic));
        }
    }
}
