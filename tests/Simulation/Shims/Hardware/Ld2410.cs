using System;
using System.Diagnostics;
using System.IO.Ports;
using System.Threading;
using Iot.Device.Ld2410.Reporting;

namespace Iot.Device.Ld2410
{
    /// <summary>
    /// nanoFramework's LD2410 binding (package nanoFramework.Iot.Device.Ld2410 1.0.480), copied in behaviour from
    /// nanoframework/nanoFramework.IoT.Device @122ebb1a7aa1 devices/Ld2410/Ld2410.cs, faults included: a command waits
    /// once for any acknowledgement up to CommandTimeout and ignores a missing or failed one; a report or ACK is
    /// recognised only at the start of a received chunk (no resync); parse errors are swallowed. Members the firmware
    /// does not use (engineering mode, baud rate, restart, factory reset, gate sensitivities) are left out.
    /// </summary>
    public sealed class Radar : IDisposable
    {
        private readonly SerialPort _serialPort;
        private readonly AutoResetEvent _onAckReceived = new AutoResetEvent(false);

        public delegate void MeasurementEventHandler(object sender, ReportFrame report);

        /// <summary>The binding's only event, raised on the serial event thread (Ld2410.cs:329-399).</summary>
        public event MeasurementEventHandler? OnMeasurementReceived;

        /// <summary>Ld2410.cs:77-108: the port is created here, not opened; the default timeout is 5 s.</summary>
        public Radar(string serialPortName, int baudRate = 256_000, TimeSpan commandTimeout = default)
        {
            if (string.IsNullOrEmpty(serialPortName))
            {
                throw new ArgumentNullException();
            }

            if (baudRate <= 0)
            {
                throw new ArgumentOutOfRangeException();
            }

            Configuration = new DeviceConfiguration { BaudRate = baudRate };
            _serialPort = new SerialPort(serialPortName, baudRate, Parity.None, 8, StopBits.One);
            _serialPort.DataReceived += OnSerialDataReceived;
            CommandTimeout = commandTimeout == default ? TimeSpan.FromSeconds(5) : commandTimeout;
        }

        /// <summary>Ld2410.cs:110-130: a port that is already open makes Connect do nothing at all.</summary>
        public Radar(SerialPort serialPort, TimeSpan commandTimeout = default)
        {
            _serialPort = serialPort ?? throw new ArgumentNullException();
            Configuration = new DeviceConfiguration { BaudRate = serialPort.BaudRate };
            _serialPort.DataReceived += OnSerialDataReceived;
            CommandTimeout = commandTimeout == default ? TimeSpan.FromSeconds(5) : commandTimeout;
        }

        /// <summary>Only filled when the ReadConfigurations ACK parses; otherwise the defaults (gates 0).</summary>
        public DeviceConfiguration Configuration { get; }

        /// <summary>null until a firmware-version ACK parses: a silent radar leaves it null after Connect.</summary>
        public string? FirmwareVersion { get; private set; }

        public TimeSpan CommandTimeout { get; }

        /// <summary>A client-side flag: set by EnterConfigurationMode even when the radar did not answer.</summary>
        public bool ConfigurationModeEnabled { get; private set; }

        /// <summary>
        /// Ld2410.cs:150-163: returns at once if the port is open; otherwise four commands, each waiting up to
        /// CommandTimeout, so a silent radar costs 4 × CommandTimeout and Connect still returns normally.
        /// </summary>
        public void Connect()
        {
            if (_serialPort.IsOpen)
            {
                return;
            }

            _serialPort.Open();
            EnterConfigurationMode();
            ReadFirmwareVersion();
            ReadConfigurations();
            ExitConfigurationMode();
        }

        public void Disconnect()
        {
            if (_serialPort.IsOpen)
            {
                _serialPort.Close();
            }
        }

        public void EnterConfigurationMode()
        {
            SendCommand(0x00FF, new byte[] { 0x01, 0x00 });
            ConfigurationModeEnabled = true;
            Debug.WriteLine("Entered Config Mode.");
        }

        public void ExitConfigurationMode()
        {
            ThrowIfNotInConfigurationMode();
            SendCommand(0x00FE, new byte[0]);
            ConfigurationModeEnabled = false;
            Debug.WriteLine("Exited Config Mode.");
        }

        /// <summary>Does not throw when no reply comes: Configuration simply stays as it was.</summary>
        public void ReadConfigurations()
        {
            ThrowIfNotInConfigurationMode();
            SendCommand(0x0061, new byte[0]);
        }

        public void ReadFirmwareVersion()
        {
            ThrowIfNotInConfigurationMode();
            SendCommand(0x00A0, new byte[0]);
        }

        /// <summary>
        /// No configuration-mode check (Ld2410.cs, unlike the other setters). Range checks and the zero-duration rule are
        /// the command's (Commands/SetMaxDistanceGateAndNoOneDurationCommand.cs:16-24, 53).
        /// </summary>
        public void SetMaxDistanceGateAndUnmannedDuration(uint maximumMovementDistanceGate = 8, uint maximumRestingDistanceGate = 8, TimeSpan noOneDuration = default)
        {
            SendCommand(0x0060, Ld2410Commands.MaxDistanceGateAndNoOneDuration(maximumMovementDistanceGate, maximumRestingDistanceGate, noOneDuration));
        }

        public void Dispose()
        {
            _serialPort?.Dispose();
        }

        private void ThrowIfNotInConfigurationMode()
        {
            if (!ConfigurationModeEnabled)
            {
                throw new InvalidOperationException();
            }
        }

        /// <summary>Ld2410.cs:322-327: one wait on the shared event; any ACK (of any command, failed or not) releases it; a timeout is ignored.</summary>
        private void SendCommand(int command, byte[] value)
        {
            byte[] frame = Ld2410Commands.Serialize(command, value);
            _serialPort.Write(frame, 0, frame.Length);
            _onAckReceived.WaitOne((int)CommandTimeout.TotalMilliseconds, false);
        }

        /// <summary>Ld2410.cs:329-399: whatever is buffered is one chunk; only a frame at its byte 0 counts, the rest is dropped.</summary>
        private void OnSerialDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            try
            {
                if (_serialPort.BytesToRead <= 0)
                {
                    return;
                }

                var buffer = new byte[_serialPort.BytesToRead];
                _serialPort.Read(buffer, 0, buffer.Length);
                if (Ld2410Parsers.TryParseReport(buffer, out ReportFrame? report))
                {
                    OnMeasurementReceived?.Invoke(this, report!);
                }
                else if (Ld2410Parsers.TryParseAck(buffer, out Ld2410Ack? ack))
                {
                    if (ack!.Command == 0x0061)
                    {
                        Configuration.MaxDistanceGateIndex = ack.MaxDistanceGate;
                        Configuration.MaxMovementDetectionDistanceGate = ack.MotionRangeGate;
                        Configuration.MaxStationaryTargetDetectionDistanceGate = ack.StaticRangeGate;
                        Configuration.NoOneDuration = ack.NoOneDuration;
                    }
                    else if (ack.Command == 0x00A0)
                    {
                        FirmwareVersion = ack.Major + "." + ack.Minor + "." + ack.Patch;
                    }

                    _onAckReceived.Set();
                }
            }
            catch (Exception ex)
            {
                Debug.WriteLine("LD2410 ERROR: " + ex.Message);
            }
        }
    }
}
