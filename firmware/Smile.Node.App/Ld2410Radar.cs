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
    /// </summary>
    public sealed class Ld2410Radar : IPresenceRadar
    {
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

        /// <summary>Writes the no-one duration; a radar that does not answer is logged, not fatal: PIR presence still works.</summary>
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
                Console.WriteLine("smile-node: LD2410: " + e.Message);
            }
            finally
            {
                _radar.Disconnect();
            }
        }

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
