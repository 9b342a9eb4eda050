using System;
using System.Collections;
using Smile.Frames;
using Smile.Node;
using Smile.Node.App;
using Smile.Simulation.Devices;
using Smile.Simulation.World;

namespace Smile.Simulation.Fleet
{
    /// <summary>
    /// One node of the fleet: the firmware's NodeCycle with its own virtual clock, flash, sensor and PIR, and either a
    /// simulated Wio-E5 or RAK3172 (LoRaWAN) or the firmware's own M2Mqtt link to the real local broker (Wi-Fi).
    /// Each wake is a fresh NodeCycle, as a deep-sleep wake restarts the firmware. What the node measures, who
    /// passes its PIR and sits before its radar, its battery and its radio path come from the world at its site.
    /// </summary>
    public sealed class SimulatedNode
    {
        /// <summary>Faults a node may have; "none" most of the time.</summary>
        public static readonly string[] LoRaFaults = { "join-failures", "low-data-rate", "modem-outage" };

        public static readonly string[] WifiFaults = { "wifi-outage" };

        private readonly NodeConfig _config;
        private readonly VirtualClock _clock = new VirtualClock();
        private readonly MemoryStorage _flash = new MemoryStorage(64 * 1024);
        private readonly ISerialLine? _modem;
        private readonly ArrayList _sent = new ArrayList();
        private readonly FleetWifiLink? _wifi;
        private readonly Random _random;
        private readonly SmilePlaceWorld _world;
        private readonly FleetBoard _board;
        private readonly WifiSignal? _signal;
        private readonly SimulatedRadar? _radar;
        private long _previousWakeSeconds;
        private int _published;
        private bool _booted;

        public SimulatedNode(int index, Random random, string fault, bool wifi, string host, int port, SmilePlaceWorld world)
        {
            _random = random;
            _world = world;
            Fault = fault;
            NodeId = wifi ? "hro-wifi-" + index.ToString("D3") : "70b3d57ed1" + index.ToString("x6");
            _config = new NodeConfig
            {
                NodeId = NodeId,
                Site = "fleet",
                Transport = wifi ? "wifi" : "lorawan",
                Modem = index % 3 == 0 ? "rak3172" : "wio-e5",
                DevEui = NodeId.ToUpperInvariant(),
                JoinEui = "0000000000000000",
                AppKey = "2B7E151628AED2A6ABF7158809CF4F3C",
                WifiSsid = "smile-place",
                MqttHost = host,
                MqttPort = port,
                MqttUsername = NodeId,
                MqttPassword = "fleet-node-secret-" + index,
                SampleIntervalSeconds = wifi ? 60 : 300,
                SendIntervalSeconds = wifi ? 60 : 900,
                WakeBudgetMs = 8000,
            };
            Site = world.Site(index, _config.Transport, _config.SampleIntervalSeconds, _config.SendIntervalSeconds);
            _board = new FleetBoard(world, Site, _clock, _config.BatteryCalibrationPermille);
            if (Site.HasRadar)
            {
                _config.Radar = true;
                _radar = new SimulatedRadar(_clock);
            }

            if (wifi)
            {
                _wifi = new FleetWifiLink(new M2MqttLink(_config), this);
                _signal = new WifiSignal(_wifi);
            }
            else if (_config.Modem == "rak3172")
            {
                var rak = new SimulatedRak3172(_clock) { FailJoins = fault == "join-failures" ? 3 : 0, MaxPayload = fault == "low-data-rate" ? 20 : 51, SpreadingFactor = Site.SpreadingFactor };
                _modem = rak;
                _sent = rak.Sent;
            }
            else
            {
                var wio = new SimulatedWioE5(_clock) { FailJoins = fault == "join-failures" ? 3 : 0, MaxPayload = fault == "low-data-rate" ? 20 : 51, SpreadingFactor = Site.SpreadingFactor };
                _modem = wio;
                _sent = wio.Sent;
            }

            NextWakeSeconds = random.Next(0, _config.SampleIntervalSeconds);
            _previousWakeSeconds = NextWakeSeconds - _config.SampleIntervalSeconds;
        }

        /// <summary>Where the node hangs: its place, distance to the gateway, power supply and sensor error.</summary>
        public NodeSite Site { get; }

        /// <summary>How the gateway heard the node's uplinks of the latest wake (LoRaWAN).</summary>
        public LoRaLinkQuality Uplink { get; private set; }

        /// <summary>The node id (a Wi-Fi node's MQTT login) or, for LoRaWAN, the DevEUI.</summary>
        public string NodeId { get; }

        public bool Wifi => _wifi != null;

        /// <summary>none, join-failures, low-data-rate, modem-outage (the modem answers nothing for a while), wifi-outage.</summary>
        public string Fault { get; }

        /// <summary>Fleet time (seconds since the fleet started) of the node's next wake.</summary>
        public long NextWakeSeconds { get; private set; }

        /// <summary>Frames put on air (LoRaWAN) or acknowledged by the broker (Wi-Fi).</summary>
        public int FramesSent => _sent.Count;

        /// <summary>Samples the node buffers, not yet sent (LoRaWAN) or not yet acknowledged by the gateway (Wi-Fi).</summary>
        public int Buffered { get; private set; }

        /// <summary>Called from the Wi-Fi link: a frame the broker acknowledged.</summary>
        internal void Published(string hex)
        {
            lock (_sent)
            {
                _sent.Add(hex);
            }
        }

        /// <summary>Runs one wake; returns the frames that left the node during it (hex).</summary>
        public string[] Wake(long fleetSeconds)
        {
            if (Fault == "modem-outage" && _modem is SimulatedWioE5 wio)
            {
                wio.Dead = fleetSeconds % 7200 < 1800;
            }

            if (_wifi != null)
            {
                _wifi.Down = Fault == "wifi-outage" && fleetSeconds % 3600 < 900;
            }

            var occupancy = new Occupancy(_config.PresenceHoldSeconds);
            foreach (long at in _world.MotionTimes(Site, _previousWakeSeconds, fleetSeconds))
            {
                occupancy.Motion(_clock.Seconds - (fleetSeconds - at));
            }

            _previousWakeSeconds = fleetSeconds;
            SetRadioAndRadar(fleetSeconds);
            _board.FleetSeconds = fleetSeconds;
            IUplinkTransport transport = _signal != null
                ? new WifiMqttTransport(_signal)
                : new LoRaWanTransport(_modem is SimulatedRak3172 ? new Rak3172Modem(_modem!) : new WioE5Modem(_modem!), _random, _config);
            var node = new NodeCycle(_config, _clock, _flash, _board, occupancy, _radar, transport);
            int sleep = node.Run(!_booted, ResetReason.PowerOn);
            Buffered = node.Buffer.Count;
            _booted = true;
            _clock.Sleep(sleep);
            NextWakeSeconds = fleetSeconds + sleep;

            lock (_sent)
            {
                var fresh = new string[_sent.Count - _published];
                for (int i = 0; i < fresh.Length; i++)
                {
                    fresh[i] = (string)_sent[_published + i]!;
                }

                _published = _sent.Count;
                return fresh;
            }
        }

        /// <summary>
        /// The wake's radio path, both ways (the gateway's downlink crosses the same path at the same 14 dBm), and
        /// whether someone sits before the radar.
        /// </summary>
        private void SetRadioAndRadar(long fleetSeconds)
        {
            if (_signal != null)
            {
                _signal.Dbm = (int)Math.Round(_world.WifiRssiDbm(Site, fleetSeconds));
            }
            else
            {
                LoRaLinkQuality link = _world.LoRaLink(Site, fleetSeconds);
                Uplink = new LoRaLinkQuality(Math.Round(link.RssiDbm), Math.Round(link.SnrDb * 4) / 4);
                if (_modem is SimulatedRak3172 rak)
                {
                    rak.DownlinkRssi = (int)Uplink.RssiDbm;
                    rak.DownlinkSnr = (int)Math.Round(Uplink.SnrDb);
                }
                else if (_modem is SimulatedWioE5 wio)
                {
                    wio.DownlinkRssi = (int)Uplink.RssiDbm;
                    wio.DownlinkSnrTenths = (int)Math.Round(Uplink.SnrDb * 10);
                }
            }

            if (_radar != null)
            {
                _radar.StationaryDistanceCm = _world.StationaryPersonCm(Site, fleetSeconds);
                _radar.TargetState = _radar.StationaryDistanceCm > 0 ? RadarReport.StationaryTarget : RadarReport.NoTarget;
            }
        }
    }
}
