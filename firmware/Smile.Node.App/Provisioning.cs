using System;
using System.IO;
using nanoFramework.Json;

namespace Smile.Node.App
{
    /// <summary>
    /// Provisioning over the USB serial console, at first boot (no config) or when the button is held at power-up.
    /// Line protocol (nodectl flash speaks it): the node prints "SMILE PROVISION <node-id-or-new>"; the technician's
    /// tool sends "CONFIG " and the configuration as one line of JSON; the node answers "OK" after validating and
    /// storing it, or one "ERROR <key> <rule>" line per problem and then "FAILED". "SHOW" prints the stored
    /// configuration with every secret replaced by "***"; "DONE" ends provisioning. Every wait has a timeout.
    /// </summary>
    public sealed class Provisioning
    {
        private const string ConfigFile = "config.json";
        private readonly ISerialLine _console;
        private readonly string _root;

        public Provisioning(ISerialLine console, string root)
        {
            _console = console;
            _root = root;
        }

        /// <summary>Serves the console until DONE or until nothing arrives for idleTimeoutMs; true when a valid config is stored.</summary>
        public bool Run(int idleTimeoutMs)
        {
            NodeConfig? current = Load(File.Exists(Path.Combine(_root, ConfigFile)) ? File.ReadAllText(Path.Combine(_root, ConfigFile)) : "");
            _console.WriteLine("SMILE PROVISION " + (current == null ? "new" : current.NodeId));
            bool stored = current != null;
            while (true)
            {
                string? line = _console.ReadLine(idleTimeoutMs);
                if (line == null || line == "DONE")
                {
                    return stored;
                }

                if (line.StartsWith("CONFIG "))
                {
                    stored |= Store(line.Substring(7));
                }
                else if (line == "SHOW")
                {
                    _console.WriteLine(current == null ? "NONE" : Masked(current));
                }
                else
                {
                    _console.WriteLine("ERROR unknown command; use CONFIG <json>, SHOW or DONE");
                }

                current = Load(File.Exists(Path.Combine(_root, ConfigFile)) ? File.ReadAllText(Path.Combine(_root, ConfigFile)) : "");
            }
        }

        private bool Store(string json)
        {
            NodeConfig? config = Parse(json);
            if (config == null)
            {
                _console.WriteLine("ERROR json the configuration is not a JSON object of the node's keys");
                _console.WriteLine("FAILED");
                return false;
            }

            string[] errors = NodeConfigValidator.Validate(config);
            for (int i = 0; i < errors.Length; i++)
            {
                _console.WriteLine("ERROR " + errors[i]);
            }

            if (errors.Length > 0)
            {
                _console.WriteLine("FAILED");
                return false;
            }

            File.WriteAllText(Path.Combine(_root, ConfigFile), json);
            _console.WriteLine("OK " + config.NodeId);
            return true;
        }

        private static NodeConfig? Load(string json)
        {
            NodeConfig? config = json.Length == 0 ? null : Parse(json);
            return config != null && NodeConfigValidator.Validate(config).Length == 0 ? config : null;
        }

        private static NodeConfig? Parse(string json)
        {
            try
            {
                return (NodeConfig)JsonConvert.DeserializeObject(json, typeof(NodeConfig));
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>The settings a technician checks, never a key or password.</summary>
        private static string Masked(NodeConfig c)
        {
            return "NodeId=" + c.NodeId + " Site=" + c.Site + " Transport=" + c.Transport + " Modem=" + c.Modem
                + " DevEui=" + c.DevEui + " AppKey=*** WifiSsid=" + c.WifiSsid + " WifiPassword=*** MqttHost=" + c.MqttHost
                + " MqttUsername=" + c.MqttUsername + " MqttPassword=*** SampleIntervalSeconds=" + c.SampleIntervalSeconds.ToString()
                + " SendIntervalSeconds=" + c.SendIntervalSeconds.ToString() + " ConfigVersion=" + c.ConfigVersion.ToString();
        }
    }
}
