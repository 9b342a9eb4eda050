using nanoFramework.TestFramework;
using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>config.bin, the binary copy of config.json: the same config back, or nothing at all.</summary>
    [TestClass]
    public class ConfigImageTests
    {
        private static NodeConfig Full()
        {
            NodeConfig config = ConfigTests.LoRaConfig();
            config.Radar = true;
            config.SampleIntervalSeconds = 600;
            config.PinPir = -1;
            config.WifiPassword = "pässwörd ✓";
            config.MqttCaCertificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
            return config;
        }

        [TestMethod]
        public static void Every_key_comes_back_as_it_was_written()
        {
            NodeConfig written = Full();
            byte[] image = NodeConfigImage.Write(written, 42);
            var read = new NodeConfig();
            Assert.IsTrue(NodeConfigImage.Read(image, image.Length, 42, read));
            for (int key = 0; key < NodeConfigKeys.Names.Length; key++)
            {
                char kind = NodeConfigKeys.Kinds[key];
                string name = NodeConfigKeys.Names[key];
                if (kind == NodeConfigKeys.Number)
                {
                    Assert.AreEqual(NodeConfigKeys.GetNumber(written, key), NodeConfigKeys.GetNumber(read, key), name);
                }
                else if (kind == NodeConfigKeys.Flag)
                {
                    Assert.AreEqual(NodeConfigKeys.GetFlag(written, key), NodeConfigKeys.GetFlag(read, key), name);
                }
                else
                {
                    Assert.AreEqual(NodeConfigKeys.GetText(written, key), NodeConfigKeys.GetText(read, key), name);
                }
            }
        }

        [TestMethod]
        public static void A_copy_of_another_config_json_is_not_used()
        {
            byte[] image = NodeConfigImage.Write(Full(), NodeConfigImage.SourceChecksum("{ \"NodeId\": \"a\" }"));
            Assert.IsFalse(NodeConfigImage.Read(image, image.Length, NodeConfigImage.SourceChecksum("{ \"NodeId\": \"b\" }"), new NodeConfig()));
        }

        [TestMethod]
        public static void Any_damaged_byte_or_a_cut_copy_is_refused()
        {
            byte[] image = NodeConfigImage.Write(Full(), 7);
            for (int i = 0; i < image.Length; i++)
            {
                image[i] ^= 0x10;
                Assert.IsFalse(NodeConfigImage.Read(image, image.Length, 7, new NodeConfig()), "byte " + i.ToString() + " flipped");
                image[i] ^= 0x10;
            }

            for (int length = 0; length < image.Length; length += 7)
            {
                Assert.IsFalse(NodeConfigImage.Read(image, length, 7, new NodeConfig()), "cut to " + length.ToString());
            }

            Assert.IsTrue(NodeConfigImage.Read(image, image.Length, 7, new NodeConfig()));
        }
    }
}
