namespace Smile.Node
{
    /// <summary>
    /// The keys of config.json and the NodeConfig property each one sets, by index. An explicit table instead of
    /// reflection: what a node accepts is written here, the same on the device and on .NET.
    /// </summary>
    public static class NodeConfigKeys
    {
        public const char Text = 's';
        public const char Number = 'i';
        public const char Flag = 'b';

        /// <summary>Every key, exact case; Kinds[i] is the value type of Names[i].</summary>
        public static readonly string[] Names =
        {
            "NodeId", "Site", "Board", "Radar", "Transport", "Modem", "SampleIntervalSeconds", "SendIntervalSeconds",
            "StatusEveryCycles", "PresenceHoldSeconds", "BufferCapacity", "WakeBudgetMs", "JoinsPerDay", "LoRaPort",
            "DevEui", "JoinEui", "AppKey", "WifiSsid", "WifiPassword", "MqttHost", "MqttPort", "MqttUsername",
            "MqttPassword", "MqttCaCertificate", "PinI2cSda", "PinI2cScl", "PinPir", "PinModemRx", "PinModemTx",
            "PinBatteryAdc", "PinRadarRx", "PinRadarTx", "ConfigVersion", "Bme280Address", "BatteryCalibrationPermille",
        };

        public const string Kinds = "sssbssiiiiiiiissssssisssiiiiiiiiiii";

        /// <summary>The index of a key (exact case), or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The key that differs only in letter case, or null: "nodeid" is most likely a mistyped NodeId.</summary>
        public static string? SameIgnoringCase(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i].Length == name.Length && EqualIgnoringCase(Names[i], name))
                {
                    return Names[i];
                }
            }

            return null;
        }

        public static void SetText(NodeConfig c, int key, string value)
        {
            switch (key)
            {
                case 0: c.NodeId = value; break;
                case 1: c.Site = value; break;
                case 2: c.Board = value; break;
                case 4: c.Transport = value; break;
                case 5: c.Modem = value; break;
                case 14: c.DevEui = value; break;
                case 15: c.JoinEui = value; break;
                case 16: c.AppKey = value; break;
                case 17: c.WifiSsid = value; break;
                case 18: c.WifiPassword = value; break;
                case 19: c.MqttHost = value; break;
                case 21: c.MqttUsername = value; break;
                case 22: c.MqttPassword = value; break;
                case 23: c.MqttCaCertificate = value; break;
            }
        }

        public static void SetNumber(NodeConfig c, int key, int value)
        {
            switch (key)
            {
                case 6: c.SampleIntervalSeconds = value; break;
                case 7: c.SendIntervalSeconds = value; break;
                case 8: c.StatusEveryCycles = value; break;
                case 9: c.PresenceHoldSeconds = value; break;
                case 10: c.BufferCapacity = value; break;
                case 11: c.WakeBudgetMs = value; break;
                case 12: c.JoinsPerDay = value; break;
                case 13: c.LoRaPort = value; break;
                case 20: c.MqttPort = value; break;
                case 24: c.PinI2cSda = value; break;
                case 25: c.PinI2cScl = value; break;
                case 26: c.PinPir = value; break;
                case 27: c.PinModemRx = value; break;
                case 28: c.PinModemTx = value; break;
                case 29: c.PinBatteryAdc = value; break;
                case 30: c.PinRadarRx = value; break;
                case 31: c.PinRadarTx = value; break;
                case 32: c.ConfigVersion = value; break;
                case 33: c.Bme280Address = value; break;
                case 34: c.BatteryCalibrationPermille = value; break;
            }
        }

        public static void SetFlag(NodeConfig c, int key, bool value)
        {
            if (key == 3)
            {
                c.Radar = value;
            }
        }

        /// <summary>The value SetText sets, for the binary copy of the config (NodeConfigImage).</summary>
        public static string GetText(NodeConfig c, int key)
        {
            switch (key)
            {
                case 0: return c.NodeId;
                case 1: return c.Site;
                case 2: return c.Board;
                case 4: return c.Transport;
                case 5: return c.Modem;
                case 14: return c.DevEui;
                case 15: return c.JoinEui;
                case 16: return c.AppKey;
                case 17: return c.WifiSsid;
                case 18: return c.WifiPassword;
                case 19: return c.MqttHost;
                case 21: return c.MqttUsername;
                case 22: return c.MqttPassword;
                default: return c.MqttCaCertificate;
            }
        }

        public static int GetNumber(NodeConfig c, int key)
        {
            switch (key)
            {
                case 6: return c.SampleIntervalSeconds;
                case 7: return c.SendIntervalSeconds;
                case 8: return c.StatusEveryCycles;
                case 9: return c.PresenceHoldSeconds;
                case 10: return c.BufferCapacity;
                case 11: return c.WakeBudgetMs;
                case 12: return c.JoinsPerDay;
                case 13: return c.LoRaPort;
                case 20: return c.MqttPort;
                case 24: return c.PinI2cSda;
                case 25: return c.PinI2cScl;
                case 26: return c.PinPir;
                case 27: return c.PinModemRx;
                case 28: return c.PinModemTx;
                case 29: return c.PinBatteryAdc;
                case 30: return c.PinRadarRx;
                case 31: return c.PinRadarTx;
                case 32: return c.ConfigVersion;
                case 33: return c.Bme280Address;
                default: return c.BatteryCalibrationPermille;
            }
        }

        public static bool GetFlag(NodeConfig c, int key) => c.Radar;

        private static bool EqualIgnoringCase(string a, string b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (Lower(a[i]) != Lower(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static char Lower(char c)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
    }
}
