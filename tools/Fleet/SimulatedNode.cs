using System;
using System.Collections;
using Smile.Frames;
using Smile.Node;
using Smile.Node.Tests;

namespace Smile.Fleet
{
    /// <summary>
    /// One node of the fleet: the firmware's NodeCycle with its own virtual clock, flash, sensor, PIR and a
    /// simulated Wio-E5 or RAK3172. Each wake is a fresh NodeCycle, as a deep-sleep wake restarts the firmware.
    /// </summary>
    public sealed class SimulatedNode
    {
        private readonly NodeConfig _config;
        private readonly VirtualClock _clock = new VirtualClock();
        private readonly MemoryStorage _flash = new MemoryStorage(64 * 1024);
        private readonly ISerialLine _modem;
        private readonly ArrayList _sent;
        private readonly Random _random;
        private int _published;
        private bool _booted;

        public SimulatedNode(int index, Random random, string fault)
        {
            _random = random;
            DevEui = "70b3d57ed1" + index.ToString("x6");
            Fault = fault;
            _config = new NodeConfig
            {
                NodeId = DevEui,
                Site = "fleet",
                Transport = "lorawan",
                Modem = index % 3 == 0 ? "rak3172" : "wio-e5",
                DevEui = DevEui.ToUpperInvariant(),
                JoinEui = "0000000000000000",
                AppKey = "2B7E151628AED2A6ABF7158809CF4F3C",
                SampleIntervalSeconds = 300,
                SendIntervalSeconds = 900,
            };
            if (_config.Modem == "rak3172")
            {
                var rak = new SimulatedRak3172(_clock) { FailJoins = fault == "join-failures" ? 3 : 0, MaxPayload = fault == "low-data-rate" ? 20 : 51 };
                _modem = rak;
                _sent = rak.Sent;
            }
            else
            {
                var wio = new SimulatedWioE5(_clock) { FailJoins = fault == "join-failures" ? 3 : 0, MaxPayload = fault == "low-data-rate" ? 20 : 51 };
                _modem = wio;
                _sent = wio.Sent;
            }

            NextWakeSeconds = random.Next(0, 300);
        }

        public string DevEui { get; }

        /// <summary>none, join-failures, low-data-rate, or modem-outage (the modem answers nothing for a while).</summary>
        public string Fault { get; }

        /// <summary>Fleet time (seconds since the fleet started) of the node's next wake.</summary>
        public long NextWakeSeconds { get; private set; }

        public int FramesSent => _sent.Count;

        /// <summary>Runs one wake; returns the payloads the modem put on air during it (hex).</summary>
        public string[] Wake(long fleetSeconds)
        {
            if (Fault == "modem-outage" && _modem is SimulatedWioE5 wio)
            {
                wio.Dead = fleetSeconds % 7200 < 1800;
            }

            var occupancy = new Occupancy(_config.PresenceHoldSeconds);
            if (_random.Next(4) == 0)
            {
                occupancy.Motion(_clock.Seconds);
            }

            var transport = new LoRaWanTransport(_modem is SimulatedRak3172 ? new Rak3172Modem(_modem) : new WioE5Modem(_modem), _random, _config.JoinsPerDay, _config.LoRaPort);
            var node = new NodeCycle(_config, _clock, _flash, new FixedSensor(_clock), occupancy, transport);
            int sleep = node.Run(!_booted, ResetReason.PowerOn);
            _booted = true;
            _clock.Sleep(sleep);
            NextWakeSeconds = fleetSeconds + sleep;

            var fresh = new string[_sent.Count - _published];
            for (int i = 0; i < fresh.Length; i++)
            {
                fresh[i] = (string)_sent[_published + i]!;
            }

            _published = _sent.Count;
            return fresh;
        }
    }
}
