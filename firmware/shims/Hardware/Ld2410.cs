using System;
using System.IO.Ports;
using System.Threading;
using Iot.Device.Ld2410.Reporting;
using UnitsNet;

namespace Iot.Device.Ld2410
{
    /// <summary>
    /// The binding's LD2410 radar over a (simulated) serial port: parses report frames (F4 F3 F2 F1 … F8 F7 F6 F5)
    /// into OnMeasurementReceived and sends command frames (FD FC FB FA … 04 03 02 01), waiting CommandTimeout for
    /// each acknowledgement as the real binding does.
    /// </summary>
    public sealed class Radar : IDisposable
    {
        private static readonly byte[] CommandHeader = { 0xFD, 0xFC, 0xFB, 0xFA };
        private static readonly byte[] CommandEnd = { 0x04, 0x03, 0x02, 0x01 };
        private readonly SerialPort _port;
        private readonly byte[] _received = new byte[256];
        private readonly AutoResetEvent _acknowledged = new AutoResetEvent(false);
        private int _receivedLength;
        private int _ackCommand = -1;
        private int _ackStatus;
        private Thread? _reader;
        private volatile bool _connected;

        public delegate void MeasurementEventHandler(object sender, ReportFrame report);

        public event MeasurementEventHandler? OnMeasurementReceived;

        public Radar(SerialPort serialPort, TimeSpan commandTimeout = default)
        {
            _port = serialPort;
            CommandTimeout = commandTimeout == default ? TimeSpan.FromSeconds(1) : commandTimeout;
        }

        public Radar(string serialPortName, int baudRate = 256_000, TimeSpan commandTimeout = default)
            : this(new SerialPort(serialPortName, baudRate), commandTimeout)
        {
        }

        public TimeSpan CommandTimeout { get; }

        public void Connect()
        {
            if (!_port.IsOpen)
            {
                _port.Open();
            }

            _port.ReadTimeout = 50;
            _connected = true;
            _reader = new Thread(ReadLoop) { IsBackground = true };
            _reader.Start();
        }

        public void Disconnect()
        {
            _connected = false;
            _reader?.Join();
            _port.Close();
        }

        public void Dispose() => Disconnect();

        public void EnterConfigurationMode()
        {
            SendCommand(0x00FF, new byte[] { 0x01, 0x00 });
        }

        public void ExitConfigurationMode()
        {
            SendCommand(0x00FE, new byte[0]);
        }

        public void SetMaxDistanceGateAndUnmannedDuration(uint maximumMovementDistanceGate = 8, uint maximumRestingDistanceGate = 8, TimeSpan noOneDuration = default)
        {
            var value = new byte[18];
            PutWord(value, 0, 0x0000, maximumMovementDistanceGate);
            PutWord(value, 6, 0x0001, maximumRestingDistanceGate);
            PutWord(value, 12, 0x0002, (uint)noOneDuration.TotalSeconds);
            SendCommand(0x0060, value);
        }

        private static void PutWord(byte[] value, int at, int word, uint data)
        {
            value[at] = (byte)word;
            value[at + 1] = (byte)(word >> 8);
            for (int i = 0; i < 4; i++)
            {
                value[at + 2 + i] = (byte)(data >> (8 * i));
            }
        }

        private void SendCommand(int command, byte[] value)
        {
            int length = 2 + value.Length;
            var frame = new byte[4 + 2 + length + 4];
            Array.Copy(CommandHeader, frame, 4);
            frame[4] = (byte)length;
            frame[5] = (byte)(length >> 8);
            frame[6] = (byte)command;
            frame[7] = (byte)(command >> 8);
            Array.Copy(value, 0, frame, 8, value.Length);
            Array.Copy(CommandEnd, 0, frame, 8 + value.Length, 4);
            _ackCommand = -1;
            _port.Write(frame, 0, frame.Length);
            if (!_acknowledged.WaitOne(CommandTimeout) || _ackCommand != (command | 0x0100))
            {
                throw new TimeoutException("LD2410: no acknowledgement of command 0x" + command.ToString("X4"));
            }

            if (_ackStatus != 0)
            {
                throw new InvalidOperationException("LD2410: command 0x" + command.ToString("X4") + " failed");
            }
        }

        private void ReadLoop()
        {
            while (_connected)
            {
                int read = _port.Read(_received, _receivedLength, _received.Length - _receivedLength);
                _receivedLength += read;
                while (TakeFrame())
                {
                }
            }
        }

        /// <summary>Handles the first complete frame in the buffer, skipping noise before a header; false when none is complete.</summary>
        private bool TakeFrame()
        {
            int start = 0;
            while (start + 4 <= _receivedLength && !IsHeader(start, ReportFrame.Header) && !IsHeader(start, CommandHeader))
            {
                start++;
            }

            Shift(start);
            if (_receivedLength < 6)
            {
                return false;
            }

            int length = _received[4] | _received[5] << 8;
            int total = 6 + length + 4;
            if (total > _received.Length)
            {
                Shift(4);
                return true;
            }

            if (_receivedLength < total)
            {
                return false;
            }

            bool report = IsHeader(0, ReportFrame.Header);
            byte[] end = report ? ReportFrame.End : CommandEnd;
            bool intact = _received[total - 4] == end[0] && _received[total - 3] == end[1] && _received[total - 2] == end[2] && _received[total - 1] == end[3];
            if (intact && report)
            {
                Report(length);
            }
            else if (intact && length >= 4)
            {
                _ackCommand = _received[6] | _received[7] << 8;
                _ackStatus = _received[8] | _received[9] << 8;
                _acknowledged.Set();
            }

            Shift(intact ? total : 4);
            return true;
        }

        private void Report(int length)
        {
            // data = type, 0xAA, target state, moving cm u16, moving energy, static cm u16, static energy, detection cm u16, 0x55, 0x00
            if (length < 13 || _received[6] != (byte)ReportingType.BasicMode || _received[7] != 0xAA)
            {
                return;
            }

            var frame = new BasicReportFrame(
                (TargetState)_received[8],
                Length.FromCentimeters(_received[9] | _received[10] << 8),
                _received[11],
                Length.FromCentimeters(_received[12] | _received[13] << 8),
                _received[14],
                Length.FromCentimeters(_received[15] | _received[16] << 8));
            OnMeasurementReceived?.Invoke(this, frame);
        }

        private bool IsHeader(int at, byte[] header) =>
            _received[at] == header[0] && _received[at + 1] == header[1] && _received[at + 2] == header[2] && _received[at + 3] == header[3];

        private void Shift(int count)
        {
            Array.Copy(_received, count, _received, 0, _receivedLength - count);
            _receivedLength -= count;
        }
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

        public ReportingType DataType { get; protected set; }
    }

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
