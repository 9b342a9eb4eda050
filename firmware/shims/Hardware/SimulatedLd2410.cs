using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Smile.Simulation
{
    /// <summary>
    /// An HLK-LD2410 on a UART, following its serial protocol (V1.02): in basic mode it sends a 23-byte report frame
    /// about every 100 ms; command frames are acknowledged with cmd | 0x0100 and a status word, and only between
    /// "enable configuration" (0x00FF) and "end configuration" (0x00FE). All words are little-endian.
    /// </summary>
    public sealed class SimulatedLd2410 : ISimulatedByteUart
    {
        public const int ReportIntervalMs = 100;
        private readonly Queue<byte> _out = new Queue<byte>();
        private readonly Stopwatch _sinceReport = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private bool _configuring;

        /// <summary>0 none, 1 moving, 2 stationary, 3 both (bit 0 moving, bit 1 stationary).</summary>
        public int TargetState { get; set; }

        public int MovingDistanceCm { get; set; }

        public int MovingEnergy { get; set; }

        public int StationaryDistanceCm { get; set; }

        public int StationaryEnergy { get; set; }

        public int DetectionDistanceCm { get; set; }

        /// <summary>A radar that is not powered or not wired sends nothing and acknowledges nothing.</summary>
        public bool Silent { get; set; }

        /// <summary>Bytes of line noise sent before the next report (a radar powering up sends garbage).</summary>
        public int NoiseBytes { get; set; }

        /// <summary>Written by command 0x0060: max moving gate, max resting gate, no-one duration in seconds.</summary>
        public uint MaxMovingGate { get; private set; } = 8;

        public uint MaxRestingGate { get; private set; } = 8;

        public uint NoOneDurationSeconds { get; private set; } = 5;

        public int CommandsRejected { get; private set; }

        /// <summary>The basic report frame for the current state, byte for byte.</summary>
        public byte[] ReportFrame()
        {
            var frame = new List<byte> { 0xF4, 0xF3, 0xF2, 0xF1, 0x0D, 0x00, 0x02, 0xAA, (byte)TargetState };
            AddU16(frame, MovingDistanceCm);
            frame.Add((byte)MovingEnergy);
            AddU16(frame, StationaryDistanceCm);
            frame.Add((byte)StationaryEnergy);
            AddU16(frame, DetectionDistanceCm);
            frame.AddRange(new byte[] { 0x55, 0x00, 0xF8, 0xF7, 0xF6, 0xF5 });
            return frame.ToArray();
        }

        public void Receive(byte[] buffer, int offset, int count)
        {
            // A command frame: FD FC FB FA, length u16, command u16, value, 04 03 02 01.
            if (Silent || count < 12 || buffer[offset] != 0xFD || buffer[offset + 1] != 0xFC || buffer[offset + 2] != 0xFB || buffer[offset + 3] != 0xFA)
            {
                return;
            }

            int command = buffer[offset + 6] | buffer[offset + 7] << 8;
            int status = 0;
            byte[] data = new byte[0];
            if (command == 0x00FF)
            {
                _configuring = true;
                data = new byte[] { 0x01, 0x00, 0x40, 0x00 }; // protocol version 1, buffer size 64
            }
            else if (!_configuring)
            {
                CommandsRejected++;
                return;
            }
            else if (command == 0x00FE)
            {
                _configuring = false;
            }
            else if (command == 0x0060 && count >= 4 + 2 + 2 + 18 + 4)
            {
                uint moving = Word(buffer, offset + 8 + 2);
                uint resting = Word(buffer, offset + 8 + 8);
                status = moving > 8 || resting > 8 ? 1 : 0;
                if (status == 0)
                {
                    MaxMovingGate = moving;
                    MaxRestingGate = resting;
                    NoOneDurationSeconds = Word(buffer, offset + 8 + 14);
                }
            }
            else
            {
                status = 1;
            }

            var ack = new List<byte> { 0xFD, 0xFC, 0xFB, 0xFA };
            AddU16(ack, 4 + data.Length);
            AddU16(ack, command | 0x0100);
            AddU16(ack, status);
            ack.AddRange(data);
            ack.AddRange(new byte[] { 0x04, 0x03, 0x02, 0x01 });
            Enqueue(ack.ToArray());
        }

        public int Send(byte[] buffer, int offset, int count, int timeoutMs)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                lock (_lock)
                {
                    if (!Silent && !_configuring && _sinceReport.ElapsedMilliseconds >= ReportIntervalMs)
                    {
                        for (; NoiseBytes > 0; NoiseBytes--)
                        {
                            _out.Enqueue((byte)(0x5A ^ NoiseBytes));
                        }

                        foreach (byte b in ReportFrame())
                        {
                            _out.Enqueue(b);
                        }

                        _sinceReport.Restart();
                    }

                    if (_out.Count > 0)
                    {
                        int n = 0;
                        while (n < count && _out.Count > 0)
                        {
                            buffer[offset + n++] = _out.Dequeue();
                        }

                        return n;
                    }
                }

                if (timeoutMs >= 0 && waited.ElapsedMilliseconds >= timeoutMs)
                {
                    return 0;
                }

                Thread.Sleep(5);
            }
        }

        private void Enqueue(byte[] bytes)
        {
            lock (_lock)
            {
                foreach (byte b in bytes)
                {
                    _out.Enqueue(b);
                }
            }
        }

        private static uint Word(byte[] buffer, int at) => (uint)(buffer[at] | buffer[at + 1] << 8 | buffer[at + 2] << 16 | buffer[at + 3] << 24);

        private static void AddU16(List<byte> bytes, int value)
        {
            bytes.Add((byte)value);
            bytes.Add((byte)(value >> 8));
        }
    }
}
