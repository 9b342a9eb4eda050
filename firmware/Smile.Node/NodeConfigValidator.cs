using System.Collections;
using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// Checks a configuration before the node uses it. Every problem names the key, the rule and the value,
    /// except for secrets, whose values are never printed back.
    /// </summary>
    public static class NodeConfigValidator
    {
        /// <summary>MQTT over TLS, the Smile Place broker's node listener.</summary>
        public const int TlsPort = 8883;

        public static string[] Validate(NodeConfig c)
        {
            var errors = new ArrayList();
            string? idProblem = c.Transport == "wifi" ? NodeIds.WifiProblem(c.NodeId) : NodeIds.Problem(c.NodeId);
            Require(errors, idProblem == null, "NodeId", idProblem ?? "", c.NodeId);

            // A site name follows the node-id rule (letters, digits, '-', '_', '.'), so one rule names both.
            string? siteProblem = NodeIds.Problem(c.Site);
            Require(errors, siteProblem == null, "Site", siteProblem ?? "", c.Site);
            Require(errors, c.Transport == "lorawan" || c.Transport == "wifi", "Transport", "must be lorawan or wifi", c.Transport);
            Range(errors, "SampleIntervalSeconds", c.SampleIntervalSeconds, 10, 86400);
            Range(errors, "SendIntervalSeconds", c.SendIntervalSeconds, c.SampleIntervalSeconds, 86400);
            Range(errors, "StatusEveryCycles", c.StatusEveryCycles, 1, 10000);
            Range(errors, "PresenceHoldSeconds", c.PresenceHoldSeconds, 0, 3600);
            Range(errors, "BufferCapacity", c.BufferCapacity, 1, 2048);
            Range(errors, "WakeBudgetMs", c.WakeBudgetMs, 1000, 120000);
            Range(errors, "ConfigVersion", c.ConfigVersion, 0, 65535);
            if (c.Transport == "lorawan")
            {
                Require(errors, c.Modem == "wio-e5" || c.Modem == "rak3172", "Modem", "must be wio-e5 or rak3172", c.Modem);
                Require(errors, NodeIds.IsDevEui(c.DevEui), "DevEui", "must be 16 hex digits", c.DevEui);
                Require(errors, NodeIds.IsDevEui(c.JoinEui), "JoinEui", "must be 16 hex digits", c.JoinEui);
                Require(errors, NodeIds.IsHex(c.AppKey, 32), "AppKey", "must be 32 hex digits", null);
                Range(errors, "JoinsPerDay", c.JoinsPerDay, 1, 500);
                Range(errors, "LoRaPort", c.LoRaPort, 1, 223);
            }
            else if (c.Transport == "wifi")
            {
                Require(errors, c.WifiSsid.Length > 0 && c.WifiSsid.Length <= 32, "WifiSsid", "must be 1 to 32 characters", c.WifiSsid);
                Require(errors, c.WifiPassword.Length == 0 || c.WifiPassword.Length >= 8, "WifiPassword", "must be empty (open network) or at least 8 characters", null);
                Require(errors, c.MqttHost.Length > 0, "MqttHost", "must be set", c.MqttHost);
                Range(errors, "MqttPort", c.MqttPort, 1, 65535);

                // The node speaks TLS only with a CA to check the broker against; without one it would send its
                // password in plain text to the broker's TLS port, which fails, or to an impostor listening there.
                Require(errors, c.MqttPort != TlsPort || c.MqttCaCertificate.Length > 0, "MqttPort",
                    "8883 is MQTT over TLS and needs MqttCaCertificate (the site CA's PEM)", c.MqttPort.ToString());
                Require(errors, c.MqttUsername.Length > 0, "MqttUsername", "must be set (the broker's ACL ties it to the node's topic)", c.MqttUsername);
                Require(errors, c.MqttPassword.Length >= 12, "MqttPassword", "must be at least 12 characters", null);
            }

            bool knownBoard = BoardPins.MaxGpio(c.Board) > 0;
            Require(errors, knownBoard, "Board", "must be esp32, esp32-s3 or esp32-c3", c.Board);
            if (knownBoard)
            {
                int max = BoardPins.MaxGpio(c.Board);
                Range(errors, "PinI2cSda", c.PinI2cSda, 0, max);
                Range(errors, "PinI2cScl", c.PinI2cScl, 0, max);
                CheckPir(errors, c);
                Range(errors, "PinModemRx", c.PinModemRx, 0, max);
                Range(errors, "PinModemTx", c.PinModemTx, 0, max);
                Range(errors, "PinRadarRx", c.PinRadarRx, 0, max);
                Range(errors, "PinRadarTx", c.PinRadarTx, 0, max);
                Require(errors, BoardPins.AdcChannel(c.Board, c.PinBatteryAdc) >= 0, "PinBatteryAdc",
                    "must be an ADC1 pin of the " + c.Board + " (" + BoardPins.Adc1Pins(c.Board) + "; Wi-Fi blocks ADC2)", c.PinBatteryAdc.ToString());
                Require(errors, !c.Radar || BoardPins.RadarPort(c.Board, c.Transport) != null, "Radar",
                    "needs a UART of its own: the esp32-c3 has two, COM1 for nanoFramework's debug link and COM2 for the modem (use Wi-Fi or another board)", "true");
            }

            Require(errors, c.Bme280Address == 0 || c.Bme280Address == 0x76 || c.Bme280Address == 0x77, "Bme280Address",
                "must be 0 (try both), 118 (0x76) or 119 (0x77)", c.Bme280Address.ToString());
            Range(errors, "BatteryCalibrationPermille", c.BatteryCalibrationPermille, 500, 1500);

            var result = new string[errors.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (string)errors[i]!;
            }

            return result;
        }

        private static void CheckPir(ArrayList errors, NodeConfig c)
        {
            if (c.PinPir == -1)
            {
                return;
            }

            if (c.Board == "esp32-c3")
            {
                Require(errors, false, "PinPir", "must be -1 on the esp32-c3: nanoFramework cannot wake it on a pin (Sleep.EnableWakeupByPin throws NotSupportedException there)", c.PinPir.ToString());
                return;
            }

            Require(errors, BoardPins.CanWakeOn(c.Board, c.PinPir), "PinPir",
                "must be -1 or an RTC GPIO of the " + c.Board + " that is no strapping pin (" + BoardPins.WakePins(c.Board) + ")", c.PinPir.ToString());
        }

        private static void Require(ArrayList errors, bool ok, string key, string rule, string? shownValue)
        {
            if (!ok)
            {
                errors.Add(key + " " + rule + (shownValue == null ? " (value hidden)" : " (is '" + shownValue + "')"));
            }
        }

        private static void Range(ArrayList errors, string key, int value, int min, int max)
        {
            Require(errors, value >= min && value <= max, key, "must be " + min.ToString() + " to " + max.ToString(), value.ToString());
        }
    }
}
