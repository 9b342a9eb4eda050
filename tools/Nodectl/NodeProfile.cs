using System;
using Smile.Node;

namespace Smile.Nodectl
{
    /// <summary>
    /// What decides a node's energy: its configuration (transport, modem, intervals, radar, PIR) plus what the
    /// configuration cannot say: the spreading factor the network's ADR settles on, and how often people come and go.
    /// </summary>
    public sealed record NodeProfile
    {
        public string Transport { get; init; } = "lorawan";

        public string Modem { get; init; } = "wio-e5";

        public int SpreadingFactor { get; init; } = 9;

        public int SampleIntervalSeconds { get; init; } = 300;

        public int SendIntervalSeconds { get; init; } = 900;

        public int StatusEveryCycles { get; init; } = 96;

        public bool Radar { get; init; }

        public bool Pir { get; init; } = true;

        /// <summary>False: the ESP32 waits awake through the receive windows (the firmware before issue 16).</summary>
        public bool LightSleepThroughWindows { get; init; } = true;

        /// <summary>Presence changes a day, each an uplink at once: an assumption (an office room: arrivals, lunch, leaving).</summary>
        public int PresenceChangesPerDay { get; init; } = 8;

        /// <summary>
        /// PIR edges a day that wake the ESP32 (a motion's start and its end each wake it): an assumption, 50
        /// motions a day; an AM312 re-triggers within its 2 s hold, so a person moving about makes few edges.
        /// </summary>
        public int PirEdgesPerDay { get; init; } = 100;

        public static NodeProfile From(NodeConfig config, int spreadingFactor) => new()
        {
            Transport = config.Transport,
            Modem = config.Modem,
            SpreadingFactor = spreadingFactor,
            SampleIntervalSeconds = config.SampleIntervalSeconds,
            SendIntervalSeconds = config.SendIntervalSeconds,
            StatusEveryCycles = config.StatusEveryCycles,
            Radar = config.Radar,
            Pir = config.PinPir >= 0,
        };

        /// <summary>Samples each regular uplink carries: the send interval's worth, at least one.</summary>
        public int Batch => Math.Clamp(SendIntervalSeconds / Math.Max(1, SampleIntervalSeconds), 1, PowerModel.MaxBatch);
    }
}
