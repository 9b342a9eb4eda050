using System;
using System.Threading;
using Iot.Device.Ld2410;
using Iot.Device.Ld2410.Reporting;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// The LD2410 through nanoFramework's Ld2410 binding: connects for one report per wake and keeps only the target
    /// state and the two distances. The radar's own no-one duration is set to the node's presence hold at boot, so
    /// the radar and the PIR hold presence for the same time.
    /// What a wake costs follows the binding (nanoFramework.IoT.Device devices/Ld2410/Ld2410.cs): Connect on a port
    /// that is not open (every wake: deep sleep closes it) sends four commands and waits up to CommandTimeoutMs for
    /// each ACK, ignoring a missing one; a silent radar therefore costs ConnectWorstMs and then the report wait.
    /// </summary>
    public sealed class Ld2410Radar : IPresenceRadar
    {
        /// <summary>
        /// How long the binding waits for each ACK. An ACK is at most 38 bytes, 1.5 ms at 256000 baud, and the radar
        /// answers at once; the Arduino ld2410 library (ncmreynolds/ld2410 src/ld2410.h) waits 100 ms too. The
        /// binding's default of 5 s would make a silent radar cost 20 s per wake, the whole default wake budget.
        /// </summary>
        public const int CommandTimeoutMs = 100;

        /// <summary>Connect's worst case: enter config, read firmware, read configurations, exit config, all unanswered.</summary>
        public const int ConnectWorstMs = 4 * CommandTimeoutMs;

        /// <summary>
        /// Configure at boot: Connect plus enter config, set gates and duration, exit config. With the report wait
        /// (NodeCycle.RadarWaitMs, 300 ms) a silent radar costs 1000 ms at boot and ConnectWorstMs + 300 = 700 ms on
        /// other wakes: within the smallest wake budget the config allows (1000 ms), and the network steps take only
        /// what is left of the budget, so the node always reaches deep sleep.
        /// </summary>
        public const int ConfigureWorstMs = ConnectWorstMs + 3 * CommandTimeoutMs;

        private readonly Radar _radar;
        private readonly AutoResetEvent _reported = new AutoResetEvent(false);
        private readonly object _lock = new object();
        private int _state;
        private int _movingCm;
        private int _stationaryCm;

        public Ld2410Radar(Radar radar)
        {
            _radar = radar;
            _radar.OnMeasurementReceived += OnReport;
        }

        /// <summary>
        /// Writes the no-one duration. The binding reports no missing ACK, so a radar that does not answer just costs
        /// ConfigureWorstMs; PIR presence still works. The port stays open, so this wake's Read does not connect again.
        /// </summary>
        public void Configure(int holdSeconds)
        {
            try
            {
                _radar.Connect();
                _radar.EnterConfigurationMode();
                _radar.SetMaxDistanceGateAndUnmannedDuration(8, 8, TimeSpan.FromSeconds(holdSeconds));
                _radar.ExitConfigurationMode();
            }
            catch (Exception e)
            {
                // Only opening the port or the binding's argument checks throw. NB: a hold of 0 s goes out as 5 s (the binding).
                Console.WriteLine("smile-node: LD2410: " + e.Message);
            }
        }

        /// <summary>
        /// Connects (up to ConnectWorstMs) and waits up to timeoutMs for a report. The radar reports every ~100 ms,
        /// and only after leaving config mode; a chunk that starts with noise loses its report, so the wait should
        /// cover a few report intervals (NodeCycle.RadarWaitMs).
        /// </summary>
        public bool Read(RadarReport report, int timeoutMs)
        {
            _reported.Reset();
            _radar.Connect();
            bool received = _reported.WaitOne(timeoutMs, false);
            _radar.Disconnect();
            if (!received)
            {
                return false;
            }

            lock (_lock)
            {
                report.TargetState = _state;
                report.MovingDistanceCm = _movingCm;
                report.StationaryDistanceCm = _stationaryCm;
            }

            return true;
        }

        private void OnReport(object sender, ReportFrame frame)
        {
            var basic = frame as BasicReportFrame;
            if (basic == null)
            {
                return;
            }

            lock (_lock)
            {
                _state = (int)basic.TargetState;
                _movingCm = (int)basic.MovementTargetDistance.Centimeters;
                _stationaryCm = (int)basic.StationaryTargetDistance.Centimeters;
            }

            _reported.Set();
        }
    }
}
