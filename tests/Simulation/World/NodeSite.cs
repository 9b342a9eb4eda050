namespace Smile.Simulation.World
{
    /// <summary>
    /// Where a node hangs and what it is: the place's kind, its microclimate, how busy it is, its distance from the
    /// gateway or access point, its power supply and its BME280's own error. Fixed for the node's life; drawn from
    /// the world's seed and the node's index (SmilePlaceWorld.Site).
    /// </summary>
    public sealed class NodeSite
    {
        public int Index { get; init; }

        public PlaceKind Kind { get; init; }

        /// <summary>"lorawan" or "wifi".</summary>
        public string Transport { get; init; } = "";

        /// <summary>Outdoors: shade, a warm wall, wind (K). Indoors: the room's thermostat setting against the usual.</summary>
        public double MicroclimateC { get; init; }

        /// <summary>Height above sea level, for the station pressure: Rostock lies between 0 and about 40 m.</summary>
        public double AltitudeMetres { get; init; }

        /// <summary>How busy the place is at its busiest, against the profile: a side square or a main square.</summary>
        public double Busyness { get; init; }

        /// <summary>To the LoRaWAN gateway or the Wi-Fi access point.</summary>
        public double DistanceMetres { get; init; }

        /// <summary>The site's fixed log-normal shadowing (buildings, trees, walls), added to the path loss.</summary>
        public double ShadowingDb { get; init; }

        /// <summary>The spreading factor ADR settles the node on; 0 for Wi-Fi.</summary>
        public int SpreadingFactor { get; init; }

        /// <summary>null: powered over USB (the nodes with a radar, which draws about 80 mA), no battery reading.</summary>
        public BatteryCell? Battery { get; init; }

        /// <summary>Share of the usable charge left when the simulation starts.</summary>
        public double InitialCharge { get; init; }

        /// <summary>The power model's average current for this node's intervals and spreading factor (mA).</summary>
        public double AverageMilliamps { get; init; }

        /// <summary>An LD2410 presence radar: the USB-powered indoor nodes carry one.</summary>
        public bool HasRadar => Battery == null;

        public double TemperatureErrorC { get; init; }

        public double HumidityErrorPercent { get; init; }

        public double PressureErrorHpa { get; init; }
    }
}
