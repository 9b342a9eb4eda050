using System;
using UnitsNet;

namespace Iot.Device.Ld2410
{
    /// <summary>devices/Ld2410/DeviceConfiguration.cs, without the per-gate sensitivities and derived distances the node does not use.</summary>
    public sealed class DeviceConfiguration
    {
        public const ushort MaxSupportedNoOneDuration = ushort.MaxValue;

        internal DeviceConfiguration()
        {
        }

        public int BaudRate { get; set; }

        public byte MaxDistanceGateIndex { get; internal set; }

        public byte MaxMovementDetectionDistanceGate { get; set; }

        public byte MaxStationaryTargetDetectionDistanceGate { get; set; }

        public TimeSpan NoOneDuration { get; set; }
    }
}

namespace Iot.Device.Ld2410.Reporting
{
    public enum ReportingType : byte
    {
        EngineeringMode = 0x01,
        BasicMode = 0x02,
    }

    public enum TargetState : byte
    {
        NoTarget = 0x00,
        MovingTarget = 0x01,
        StationaryTarget = 0x02,
        MovementAndStationaryTarget = 0x03,
    }

    public abstract class ReportFrame
    {
        public static readonly byte[] Header = { 0xF4, 0xF3, 0xF2, 0xF1 };

        public static readonly byte[] End = { 0xF8, 0xF7, 0xF6, 0xF5 };

        public ReportingType DataType { get; internal set; }
    }

    /// <summary>devices/Ld2410/Reporting/BasicReportFrame.cs: distances in centimetres as the radar sends them.</summary>
    public class BasicReportFrame : ReportFrame
    {
        internal BasicReportFrame(TargetState state, Length moving, byte movingEnergy, Length stationary, byte stationaryEnergy, Length detection)
        {
            DataType = ReportingType.BasicMode;
            TargetState = state;
            MovementTargetDistance = moving;
            MovementTargetEnergy = movingEnergy;
            StationaryTargetDistance = stationary;
            StationaryTargetEnergy = stationaryEnergy;
            DetectionDistance = detection;
        }

        public TargetState TargetState { get; }

        public Length MovementTargetDistance { get; }

        public byte MovementTargetEnergy { get; }

        public Length StationaryTargetDistance { get; }

        public byte StationaryTargetEnergy { get; }

        public Length DetectionDistance { get; }
    }
}
