using System.Text;
using Smile.Gateway.Sources;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A LoRaWAN event speaks only for the device its topic names, a DevEUI is 16 hex digits, and a Wi-Fi node id can
    /// never be one: no event can pass itself off as another node (issue 11, medium 2). Non-finite numbers never get in.
    /// </summary>
    public class LnsTrustTests
    {
        private const string ChirpStackTopic = "application/app-1/device/0011223344556677/event/up";

        private static object ChirpStack(string topic, string devEui) => ChirpStackUplinks.Parse(topic,
            Encoding.UTF8.GetBytes(@"{""deviceInfo"":{""devEui"":""" + devEui + @"""},""data"":""IE0j2v8reHkDqw==""}"), 1);

        private static object Tts(string topic, string deviceId, string devEui) => TtsUplinks.Parse(topic, Encoding.UTF8.GetBytes(
            @"{""end_device_ids"":{""device_id"":""" + deviceId + @""",""application_ids"":{""application_id"":""app1""},""dev_eui"":""" + devEui + @"""},
""correlation_ids"":[""as:up:01HXYZ""],""uplink_message"":{""f_port"":1,""frm_payload"":""IE0j2v8reHkDqw==""}}"), 1);

        [Fact]
        public void A_chirpstack_event_naming_a_wifi_node_in_its_body_is_quarantined()
        {
            var rejection = Assert.IsType<SourceRejection>(ChirpStack(ChirpStackTopic, "hro-hafen-07"));

            Assert.Equal("bad_dev_eui", rejection.Reason);
            Assert.Contains("$.deviceInfo.devEui 'hro-hafen-07' is not a DevEUI (16 hex digits)", rejection.Message);
        }

        [Fact]
        public void A_chirpstack_event_whose_body_names_another_device_than_its_topic_is_quarantined()
        {
            var rejection = Assert.IsType<SourceRejection>(ChirpStack(ChirpStackTopic, "0011223344556678"));

            Assert.Equal("dev_eui_mismatch", rejection.Reason);
            Assert.Contains("$.deviceInfo.devEui 0011223344556678 is not the topic's DevEUI 0011223344556677", rejection.Message);
        }

        [Fact]
        public void A_chirpstack_topic_without_a_dev_eui_is_quarantined()
        {
            var rejection = Assert.IsType<SourceRejection>(ChirpStack("application/app-1/device/hro-hafen-07/event/up", "hro-hafen-07"));

            Assert.Equal("bad_dev_eui", rejection.Reason);
            Assert.Contains("topic level 'hro-hafen-07'", rejection.Message);
        }

        [Fact]
        public void A_chirpstack_dev_eui_is_compared_without_case_and_the_node_id_is_its_lower_case()
        {
            var uplink = Assert.IsType<Uplink>(ChirpStack(ChirpStackTopic.Replace("0011223344556677", "00112233445566AA"), "00112233445566aa"));

            Assert.Equal("00112233445566aa", uplink.NodeId);
        }

        [Fact]
        public void A_tts_event_whose_body_names_another_device_than_its_topic_is_quarantined()
        {
            var rejection = Assert.IsType<SourceRejection>(Tts("v3/app1@ttn/devices/dev1/up", "dev2", "70B3D57ED0000001"));

            Assert.Equal("dev_eui_mismatch", rejection.Reason);
            Assert.Contains("$.end_device_ids.device_id 'dev2' is not the topic's device id 'dev1'", rejection.Message);
        }

        [Fact]
        public void A_tts_event_naming_a_wifi_node_as_its_dev_eui_is_quarantined()
        {
            var rejection = Assert.IsType<SourceRejection>(Tts("v3/app1@ttn/devices/dev1/up", "dev1", "hro-hafen-07"));

            Assert.Equal("bad_dev_eui", rejection.Reason);
            Assert.Contains("$.end_device_ids.dev_eui 'hro-hafen-07' is not a DevEUI", rejection.Message);
        }

        [Fact]
        public void A_tts_event_of_a_device_of_its_topic_gives_the_lower_case_dev_eui()
        {
            var uplink = Assert.IsType<Uplink>(Tts("v3/app1@ttn/devices/dev1/up", "dev1", "70B3D57ED0000001"));

            Assert.Equal("70b3d57ed0000001", uplink.NodeId);
        }

        [Theory]
        [InlineData("smile/up/0011223344556677")]
        [InlineData("smile/up/70B3D57ED0000001")]
        public void A_wifi_node_id_of_16_hex_digits_is_refused_because_it_is_a_dev_eui(string topic)
        {
            var rejection = Assert.IsType<SourceRejection>(WifiUplinks.Parse(topic, new byte[] { 0x20 }, 1));

            Assert.Equal("bad_node_id", rejection.Reason);
            Assert.Contains("16 hex digits are a LoRaWAN DevEUI", rejection.Message);
        }

        [Theory]
        [InlineData(@"""rxInfo"":[{""gatewayId"":""aa"",""rssi"":-80,""snr"":1e400}]", "$.rxInfo[0].snr")]
        [InlineData(@"""rxInfo"":[{""gatewayId"":""aa"",""rssi"":-80},{""gatewayId"":""bb"",""rssi"":-70,""snr"":-1e999}]", "$.rxInfo[1].snr")]
        public void A_non_finite_number_in_a_chirpstack_event_is_quarantined_naming_the_field(string rx, string path)
        {
            string json = @"{""deviceInfo"":{""devEui"":""0011223344556677""},""data"":""IE0="", " + rx + "}";
            var rejection = Assert.IsType<SourceRejection>(ChirpStackUplinks.Parse(ChirpStackTopic, Encoding.UTF8.GetBytes(json), 1));

            Assert.Equal("non_finite_number", rejection.Reason);
            Assert.Contains(path + " is not a finite number", rejection.Message);
        }

        [Fact]
        public void A_non_finite_number_in_a_tts_event_is_quarantined_naming_the_field()
        {
            string json = @"{""end_device_ids"":{""device_id"":""dev1"",""dev_eui"":""70B3D57ED0000001""},
""uplink_message"":{""frm_payload"":""IE0="",""rx_metadata"":[{""gateway_ids"":{""gateway_id"":""gw-a""},""rssi"":-101,""snr"":1E+400}]}}";
            var rejection = Assert.IsType<SourceRejection>(TtsUplinks.Parse("v3/app1@ttn/devices/dev1/up", Encoding.UTF8.GetBytes(json), 1));

            Assert.Equal("non_finite_number", rejection.Reason);
            Assert.Contains("$.uplink_message.rx_metadata[0].snr is not a finite number", rejection.Message);
        }
    }
}
