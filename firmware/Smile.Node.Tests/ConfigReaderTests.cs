using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>config.json as the node reads it (NodeConfigReader): golden documents, then hostile ones.</summary>
    [TestClass]
    public class ConfigReaderTests
    {
        /// <summary>Every kind of value, escapes included; ends with its '}' (the truncation test relies on it).</summary>
        private const string Golden = "{\n"
            + "  \"NodeId\": \"hro-hafen-02\", \"Site\": \"stadthafen\", \"Board\": \"esp32-s3\", \"Radar\": true,\n"
            + "  \"Transport\": \"wifi\", \"SampleIntervalSeconds\": 60, \"SendIntervalSeconds\": 600, \"PinPir\": 5,\n"
            + "  \"WifiSsid\": \"smile place \\u00e4\", \"WifiPassword\": \"p\\\"w\\\\d\\tx\\/y\",\n"
            + "  \"MqttHost\": \"192.168.4.1\", \"MqttPort\": 8883, \"MqttUsername\": \"hro-hafen-02\", \"MqttPassword\": \"0123456789abcdef\",\n"
            + "  \"MqttCaCertificate\": \"-----BEGIN CERTIFICATE-----\\nMIIB\\u002Bw==\\n-----END CERTIFICATE-----\\n\",\n"
            + "  \"PinBatteryAdc\": 4, \"ConfigVersion\": 3\n"
            + "}";

        private static string[] Read(string json)
        {
            return NodeConfigReader.Read(json, new NodeConfig());
        }

        private static void AssertOneError(string expected, string json)
        {
            string[] errors = Read(json);
            Assert.AreEqual(1, errors.Length, json);
            Assert.AreEqual(expected, errors[0]);
        }

        [TestMethod]
        public static void A_golden_config_sets_every_key_it_names_and_unescapes_strings()
        {
            var c = new NodeConfig();

            Assert.AreEqual(0, NodeConfigReader.Read(Golden, c).Length);

            Assert.AreEqual("hro-hafen-02", c.NodeId);
            Assert.AreEqual("esp32-s3", c.Board);
            Assert.IsTrue(c.Radar);
            Assert.AreEqual(60, c.SampleIntervalSeconds);
            Assert.AreEqual(5, c.PinPir);
            Assert.AreEqual("smile place \u00e4", c.WifiSsid);
            Assert.AreEqual("p\"w\\d\tx/y", c.WifiPassword);
            Assert.AreEqual("-----BEGIN CERTIFICATE-----\nMIIB+w==\n-----END CERTIFICATE-----\n", c.MqttCaCertificate);
            Assert.AreEqual(3, c.ConfigVersion);
            Assert.AreEqual(0, NodeConfigValidator.Validate(c).Length);
        }

        [TestMethod]
        public static void Keys_left_out_keep_their_defaults()
        {
            var c = new NodeConfig();

            Assert.AreEqual(0, NodeConfigReader.Read(" \r\n\t{ \"NodeId\" : \"a\" } \n", c).Length);
            Assert.AreEqual(0, NodeConfigReader.Read("{}", new NodeConfig()).Length);

            Assert.AreEqual("a", c.NodeId);
            Assert.AreEqual(300, c.SampleIntervalSeconds);
            Assert.AreEqual("lorawan", c.Transport);
            Assert.IsFalse(c.Radar);
        }

        [TestMethod]
        public static void A_leading_byte_order_mark_is_skipped_and_one_anywhere_else_is_not()
        {
            var c = new NodeConfig();

            Assert.AreEqual(0, NodeConfigReader.Read("\uFEFF{\"NodeId\": \"a\"}", c).Length);
            Assert.AreEqual("a", c.NodeId);
            AssertOneError("config.json is not a valid config: expected a key in double quotes after '{' (line 1, column 2)", "{\uFEFF\"NodeId\": \"a\"}");
        }

        [TestMethod]
        public static void An_unknown_key_is_an_error_naming_it_and_suggesting_the_right_case()
        {
            AssertOneError("'NodeID' is not a config key (keys are case-sensitive: NodeId) (line 2, column 3)", "{\n  \"NodeID\": \"x\"\n}");
            AssertOneError("'SampleIntervalSecs' is not a config key (line 1, column 2)", "{\"SampleIntervalSecs\": 60}");
        }

        [TestMethod]
        public static void A_key_given_twice_is_an_error_and_the_first_value_stays()
        {
            var c = new NodeConfig();

            string[] errors = NodeConfigReader.Read("{\"Site\": \"a\", \"Site\": \"b\"}", c);

            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("Site appears twice (line 1, column 15)", errors[0]);
            Assert.AreEqual("a", c.Site);
        }

        [TestMethod]
        public static void A_value_of_the_wrong_type_names_its_key_and_never_shows_the_value()
        {
            string[] errors = Read("{\"SampleIntervalSeconds\": \"60\", \"Radar\": \"true\", \"NodeId\": 60,\n"
                + "\"MqttPort\": true, \"Site\": null, \"AppKey\": 12345678901234567890, \"Radar\": 1}");

            Assert.AreEqual(7, errors.Length);
            Assert.AreEqual("SampleIntervalSeconds must be a whole number, not a string (line 1, column 27)", errors[0]);
            Assert.AreEqual("Radar must be true or false, not a string (line 1, column 42)", errors[1]);
            Assert.AreEqual("NodeId must be a string, not a number (line 1, column 60)", errors[2]);
            Assert.AreEqual("MqttPort must be a whole number, not true or false (line 2, column 13)", errors[3]);
            Assert.AreEqual("Site must not be null (leave the key out to keep its default) (line 2, column 27)", errors[4]);
            Assert.AreEqual("AppKey must be a string, not a number (line 2, column 43)", errors[5]);
            Assert.AreEqual("Radar appears twice (line 2, column 65)", errors[6]);
            for (int i = 0; i < errors.Length; i++)
            {
                Assert.IsTrue(errors[i].IndexOf("1234567890") < 0);
            }
        }

        [TestMethod]
        public static void Whole_numbers_are_read_up_to_the_limits_of_int_and_no_further()
        {
            var c = new NodeConfig();
            Assert.AreEqual(0, NodeConfigReader.Read("{\"SampleIntervalSeconds\": 2147483647, \"SendIntervalSeconds\": -2147483648}", c).Length);
            Assert.AreEqual(2147483647, c.SampleIntervalSeconds);
            Assert.AreEqual(-2147483648, c.SendIntervalSeconds);

            string outOfRange = "SampleIntervalSeconds must be a whole number from -2147483648 to 2147483647 (line 1, column 27)";
            AssertOneError(outOfRange, "{\"SampleIntervalSeconds\": 2147483648}");
            AssertOneError(outOfRange, "{\"SampleIntervalSeconds\": -2147483649}");
            AssertOneError(outOfRange, "{\"SampleIntervalSeconds\": 99999999999999999999999999}");
            AssertOneError(outOfRange, "{\"SampleIntervalSeconds\": " + new string('9', 10240) + "}");
        }

        [TestMethod]
        public static void A_number_at_the_ushort_limit_is_read_and_the_validator_keeps_the_range()
        {
            NodeConfig c = ConfigTests.LoRaConfig();

            Assert.AreEqual(0, NodeConfigReader.Read("{\"ConfigVersion\": 65536, \"MqttPort\": 65535}", c).Length);

            Assert.AreEqual(65536, c.ConfigVersion);
            Assert.AreEqual(65535, c.MqttPort);
            Assert.AreEqual("ConfigVersion must be 0 to 65535 (is '65536')", NodeConfigValidator.Validate(c)[0]);
        }

        [TestMethod]
        public static void Fractions_exponents_and_leading_zeros_are_refused()
        {
            string notWhole = "SampleIntervalSeconds must be a whole number, without fraction or exponent (line 1, column 27)";
            AssertOneError(notWhole, "{\"SampleIntervalSeconds\": 60.5}");
            AssertOneError(notWhole, "{\"SampleIntervalSeconds\": 60.0}");
            AssertOneError(notWhole, "{\"SampleIntervalSeconds\": 1e2}");
            AssertOneError(notWhole, "{\"SampleIntervalSeconds\": 1E+20}");
            AssertOneError("config.json is not a valid config: the value of 'SampleIntervalSeconds' starts with 0; JSON numbers have no leading zeros (line 1, column 27)", "{\"SampleIntervalSeconds\": 060}");
            AssertOneError("config.json is not a valid config: expected digits after '.' in the value of 'SampleIntervalSeconds' (line 1, column 30)", "{\"SampleIntervalSeconds\": 60.}");
            AssertOneError("config.json is not a valid config: expected digits in the value of 'SampleIntervalSeconds' (line 1, column 28)", "{\"SampleIntervalSeconds\": -}");
        }

        [TestMethod]
        public static void Every_truncation_of_a_good_config_is_an_error_not_an_exception()
        {
            for (int length = 0; length < Golden.Length; length++)
            {
                string[] errors = Read(Golden.Substring(0, length));
                Assert.IsTrue(errors.Length >= 1, Golden.Substring(0, length));
            }

            AssertOneError("config.json is not a valid config: the document ends inside the value of 'NodeId' (a '\"' is missing) (line 1, column 12)", "{\"NodeId\": \"hro");
            AssertOneError("config.json is not a valid config: expected a value for 'Radar' (strings are in double quotes; true, false and null are lower case) (line 1, column 11)", "{\"Radar\": tru");
            AssertOneError("config.json is not a valid config: the document ends before the value of 'Radar' (line 1, column 10)", "{\"Radar\":");
        }

        [TestMethod]
        public static void Nested_objects_and_arrays_are_refused_at_any_depth()
        {
            AssertOneError("config.json is not a valid config: 'NodeId' has a nested object or array; config values are strings, numbers or true/false (line 1, column 12)", "{\"NodeId\": {\"a\": 1}}");
            AssertOneError("config.json is not a valid config: 'Site' has a nested object or array; config values are strings, numbers or true/false (line 1, column 10)", "{\"Site\": [\"a\"]}");
            AssertOneError("config.json is not a valid config: the config must be one JSON object, starting with '{' (line 1, column 1)", new string('[', 10000));
            Assert.AreEqual(1, Read("{\"NodeId\": " + new string('{', 10000)).Length);
        }

        [TestMethod]
        public static void Strings_of_10_kb_are_read_and_a_document_past_the_size_limit_is_not()
        {
            string pem = new string('A', 10240);
            var c = new NodeConfig();
            Assert.AreEqual(0, NodeConfigReader.Read("{\"MqttCaCertificate\": \"" + pem + "\"}", c).Length);
            Assert.AreEqual(10240, c.MqttCaCertificate.Length);

            string[] errors = Read("{\"" + pem + "\": 1}");
            Assert.AreEqual(1, errors.Length);
            Assert.IsTrue(errors[0].StartsWith("'AAAA") && errors[0].Length < 100, errors[0]);

            AssertOneError("config.json has 20492 characters; at most 16384 are read", "{\"Site\": \"" + pem + pem + "\"}");
            Assert.AreEqual(1, Read("{\"Site\": \"" + pem).Length);
        }

        [TestMethod]
        public static void Anything_but_one_strict_json_object_is_refused()
        {
            string prefix = "config.json is not a valid config: ";
            AssertOneError(prefix + "the config must be one JSON object, starting with '{' (line 1, column 1)", "");
            AssertOneError(prefix + "unexpected text after the closing '}' (line 1, column 17)", "{\"NodeId\": \"a\"} x");
            AssertOneError(prefix + "unexpected text after the closing '}' (line 1, column 16)", "{\"NodeId\": \"a\"}{\"Site\": \"b\"}");
            AssertOneError(prefix + "expected a key in double quotes after the value of 'NodeId' (line 1, column 16)", "{\"NodeId\": \"a\",}");
            AssertOneError(prefix + "expected ',' or '}' after the value of 'NodeId' (line 1, column 16)", "{\"NodeId\": \"a\" \"Site\": \"b\"}");
            AssertOneError(prefix + "expected a key in double quotes after '{' (line 1, column 2)", "{'NodeId': 'a'}");
            AssertOneError(prefix + "expected ':' after the key 'NodeId' (line 1, column 11)", "{\"NodeId\" \"a\"}");
            AssertOneError(prefix + "expected a value for 'Radar' (strings are in double quotes; true, false and null are lower case) (line 1, column 11)", "{\"Radar\": True}");
            AssertOneError(prefix + "a control character in the value of 'NodeId' must be escaped (\\n, \\t, \\u0000) (line 1, column 14)", "{\"NodeId\": \"a\nb\"}");
            AssertOneError(prefix + "unknown or cut-off escape in the value of 'NodeId'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (line 1, column 14)", "{\"NodeId\": \"a\\xb\"}");
            AssertOneError(prefix + "unknown or cut-off escape in the value of 'NodeId'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (line 1, column 14)", "{\"NodeId\": \"a\\u12\"}");
        }

        [TestMethod]
        public static void Problems_are_listed_up_to_a_limit()
        {
            string json = "{";
            for (int i = 0; i < 100; i++)
            {
                json += "\"Unknown" + i.ToString() + "\": 1, ";
            }

            Assert.AreEqual(NodeConfigReader.MaxErrors, Read(json + "\"NodeId\": \"a\"}").Length);
        }
    }
}
