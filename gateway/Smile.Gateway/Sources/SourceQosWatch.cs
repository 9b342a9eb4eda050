using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// Notices uplinks that reach the gateway at QoS 0. A QoS 1 subscription receives a QoS 0 publication at QoS 0
    /// (MQTT 3.1.1 §3.8.4): there is no PUBACK for the gateway to hold back until its commit, and mosquitto keeps
    /// QoS 0 messages for a disconnected session only with queue_qos0_messages. Every source is meant to deliver at
    /// QoS 1 (the firmware does; ChirpStack does once configured; TTS through its Pub/Sub integration), so a QoS 0
    /// arrival means uplinks are lost whenever the gateway restarts: said in the log, /status and the status page,
    /// with the setting that fixes it.
    /// </summary>
    public sealed class SourceQosWatch
    {
        private static readonly TimeSpan WarnAgainAfter = TimeSpan.FromHours(1);
        private readonly SourceRouter _router;
        private readonly TimeProvider _time;
        private readonly ILogger<SourceQosWatch> _log;
        private readonly object _gate = new object();
        private readonly Dictionary<UplinkSource, Seen> _seen = new Dictionary<UplinkSource, Seen>();

        // Read from TTS's own MQTT server, QoS 0 is all there is: the gap filler fetches what it drops.
        private readonly bool _ttsDirect;

        public SourceQosWatch(GatewayOptions options, TimeProvider time, ILogger<SourceQosWatch> log)
        {
            _router = new SourceRouter(options.Sources);
            _time = time;
            _ttsDirect = options.Sources.TheThingsStack.Mqtt.Enabled;
            _log = log;
        }

        /// <summary>What to change at the sender so it publishes at QoS 1.</summary>
        public static string Fix(UplinkSource source) => source switch
        {
            // Defaults from chirpstack/src/config.rs (MqttIntegration): qos 0, client_id "" (random), clean_session false.
            UplinkSource.ChirpStack => "set qos=1 and a fixed client_id with clean_session=false in chirpstack.toml [integration.mqtt] "
                + "(nodectl provision writes lorawan/chirpstack-mqtt.toml), and restart ChirpStack",
            // TTS docs, "MQTT Server": MQTT 3.1.1 and QoS 0 only; "Pub/Sub": QoS AT_LEAST_ONCE towards your broker.
            UplinkSource.TheThingsStack => "The Things Stack's MQTT server offers QoS 0 only: deliver through its Pub/Sub integration "
                + "(MQTT provider, QoS AT_LEAST_ONCE) to this broker instead",
            _ => "the Smile firmware publishes at QoS 1: this sender is not running it",
        };

        public void Observe(IReadOnlyList<MqttMessage> messages)
        {
            foreach (MqttMessage message in messages)
            {
                Observe(message.Topic, message.QoS);
            }
        }

        public void Observe(string topic, QoS qos)
        {
            if (_router.SourceOf(topic) is not UplinkSource source || (source == UplinkSource.TheThingsStack && _ttsDirect))
            {
                return;
            }

            bool warn;
            lock (_gate)
            {
                Seen seen = _seen.TryGetValue(source, out Seen? s) ? s : _seen[source] = new Seen();
                seen.LatestAtQos0 = qos == QoS.AtMostOnce;
                if (qos != QoS.AtMostOnce)
                {
                    return;
                }

                // At most once an hour while they keep coming, on the monotonic clock: a Pi's first time sync can step
                // the wall clock back by months.
                long stamp = _time.GetTimestamp();
                warn = seen.AtQos0 == 0 || _time.GetElapsedTime(seen.WarnedStamp, stamp) > WarnAgainAfter;
                if (warn)
                {
                    seen.WarnedStamp = stamp;
                }

                seen.AtQos0++;
                seen.LastQos0 = _time.GetUtcNow();
            }

            if (warn)
            {
                _log.LogWarning("{Source} uplinks arrive at QoS 0 (topic {Topic}): the broker drops them while the gateway restarts, and a crash loses what "
                    + "it had not yet stored. Fix: {Fix}", UplinkSourceNames.Of(source), topic, Fix(source));
            }
        }

        /// <summary>Sources whose latest uplink came at QoS 0, with the fix: what the status page shows.</summary>
        public List<(UplinkSource Source, long AtQos0, string Fix)> Warnings()
        {
            var warnings = new List<(UplinkSource, long, string)>();
            lock (_gate)
            {
                foreach (var (source, seen) in _seen)
                {
                    if (seen.LatestAtQos0)
                    {
                        warnings.Add((source, seen.AtQos0, Fix(source)));
                    }
                }
            }

            return warnings;
        }

        /// <summary>For /status: per source that ever delivered at QoS 0, how many, when last, whether it still does, and the fix.</summary>
        public JsonObject Status()
        {
            var status = new JsonObject();
            lock (_gate)
            {
                foreach (var (source, seen) in _seen)
                {
                    if (seen.AtQos0 > 0)
                    {
                        status[UplinkSourceNames.Of(source)] = new JsonObject
                        {
                            ["uplinks_at_qos0"] = seen.AtQos0,
                            ["last_at_qos0"] = seen.LastQos0.ToString("O"),
                            ["latest_at_qos0"] = seen.LatestAtQos0,
                            ["fix"] = Fix(source),
                        };
                    }
                }
            }

            return status;
        }

        private sealed class Seen
        {
            public long AtQos0;
            public DateTimeOffset LastQos0;
            public long WarnedStamp;
            public bool LatestAtQos0;
        }
    }
}
