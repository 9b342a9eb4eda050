using System.IO;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// The [integration.mqtt] section of chirpstack.toml that makes ChirpStack's uplinks survive a gateway restart.
    /// ChirpStack's own defaults (chirpstack/src/config.rs, MqttIntegration) are qos 0 and a random client_id: its uplinks
    /// reach the gateway at QoS 0, which the broker does not keep while the gateway is away and the gateway cannot hold
    /// unacknowledged until its commit. qos=1 with a fixed client_id and clean_session=false gives at-least-once to the
    /// broker and a session that survives ChirpStack's reconnects. Written beside the device files; no secret in it:
    /// ChirpStack substitutes $VARIABLES from its environment, which chirpstack.env (MQTT_USERNAME, MQTT_PASSWORD) fills.
    /// </summary>
    public static class ChirpStackSettings
    {
        public const string FileName = "chirpstack-mqtt.toml";

        /// <summary>The gateway reads the DevEUI from ChirpStack's default event topic, so the snippet keeps it.</summary>
        public const string EventTopic = "application/{{application_id}}/device/{{dev_eui}}/event/{{event}}";

        public static void Write(string folder, ProvisionOptions options)
        {
            // 8883 is the broker's TLS port (nodectl's default); ChirpStack names TLS servers ssl://.
            bool tls = options.MqttPort == 8883;
            string text = "# ChirpStack v4: merge into chirpstack.toml (written by nodectl provision), restart ChirpStack, and start it with\n"
                + "# the variables of chirpstack.env in its environment (systemd: EnvironmentFile=; docker compose: env_file:).\n"
                + "# qos=1: ChirpStack's default is 0, and QoS 0 uplinks are lost whenever the Smile gateway restarts.\n"
                + "# client_id fixed and clean_session=false: ChirpStack's default client_id is random, a new session every start.\n"
                + "[integration]\nenabled=[\"mqtt\"]\n\n"
                + "[integration.mqtt]\n"
                + "server=\"" + (tls ? "ssl" : "tcp") + "://" + options.MqttHost + ":" + options.MqttPort + "/\"\n"
                + "username=\"$MQTT_USERNAME\"\n"
                + "password=\"$MQTT_PASSWORD\"\n"
                + "qos=1\n"
                + "client_id=\"" + Provisioner.NetworkServerUser + "\"\n"
                + "clean_session=false\n"
                + "json=true\n"
                + "event_topic=\"" + EventTopic + "\"\n"
                + (tls ? "# The Smile Place CA, so ChirpStack checks the broker's certificate:\nca_cert=\"/etc/chirpstack/smile-place-ca.pem\"\n" : "");
            string path = Path.Combine(folder, FileName);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }
        }
    }
}
