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
    /// What it sends is handed over in chunks, as the ESP32's UART driver hands bytes to nanoFramework's DataReceived
    /// (nf-interpreter targets/ESP32/_nanoCLR/System.IO.Ports/sys_io_ser_native_System_IO_Ports_SerialPort.cpp:120-250):
    /// one chunk per frame, and whatever arrived just before a frame (noise) in the same chunk.
    /// </summary>
    public sealed class SimulatedLd2410 : ISimulatedByteUart
    {
        public const int ReportIntervalMs = 100;
        private readonly Queue<byte[]> _chunks = new Queue<byte[]>();
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

        /// <summary>Bytes of line noise that arrive just before the next report, in the same chunk (a radar powering up sends garbage).</summary>
        public int NoiseBytes { get; set; }

        /// <summary>When above 0, the next report reaches the port in two chunks, split after this many bytes.</summary>
        public int SplitNextReportAt { get; set; }

        /// <summary>Written by command 0x0060: max moving gate, max resting gate, no-one duration in seconds.</summary>
        public uint MaxMovingGate { get; private set; } = 8;

        public uint MaxRestingGate { get; private set; } = 8;

        public uint NoOneDurationSeconds { get; private set; } = 5;

        public int CommandsRejected { get; private set; }

        public int ReportsSent { get; private set; }

        /// <summary>Every command frame the firmware wrote, byte for byte.</summary>
        public List<byte[]> Commands { get; } = new List<byte[]>();

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
            lock (_lock)
            {
                Commands.Add(buffer.AsSpan(offset, count).ToArray());
            }

            // A command frame: FD FC FB FA, length u16, command u16, value, 04 03 02 01.
            if (Silent || count < 12 || buffer[offset] != 0xFD || buffer[offset + 1] != 0xFC || buffer[offset + 2] != 0xFB || buffer[offset + 3] != 0xFA)
            {
                return;
            }

            int command = buffer[offset + 6] | buffer[offset + 7] << 8;
            if (command != 0x00FF && !_configuring)
            {
                CommandsRejected++;
                return;
            }

            int status = 0;
            byte[] data = new byte[0];
            switch (command)
            {
                case 0x00FF:
                    _configuring = true;
                    data = new byte[] { 0x01, 0x00, 0x40, 0x00 }; // protocol version 1, buffer size 64
                    break;
                case 0x00FE:
                    _configuring = false;
                    _sinceReport.Restart();
                    break;
                case 0x00A0:
                    data = new byte[] { 0x01, 0x00, 0x07, 0x01, 0x16, 0x24, 0x06, 0x22 }; // type 1, V1.07, build 22062416
                    break;
                case 0x0061:
                    data = Parameters();
                    break;
                case 0x0060 when count >= 4 + 2 + 2 + 18 + 4:
                    uint moving = Word(buffer, offset + 8 + 2);
                    uint resting = Word(buffer, offset + 8 + 8);
                    status = moving > 8 || resting > 8 ? 1 : 0;
                    if (status == 0)
                    {
                        MaxMovingGate = moving;
                        MaxRestingGate = resting;
                        NoOneDurationSeconds = Word(buffer, offset + 8 + 14);
                    }

                    break;
                default:
                    status = 1;
                    break;
            }

            var ack = new List<byte> { 0xFD, 0xFC, 0xFB, 0xFA };
            AddU16(ack, 4 + data.Length);
            AddU16(ack, command | 0x0100);
            AddU16(ack, status);
            ack.AddRange(data);
            ack.AddRange(new byte[] { 0x04, 0x03, 0x02, 0x01 });
            Enqueue(ack.ToArray());
        }

        /// <summary>Hands over the next chunk (up to count bytes of it), waiting up to the timeout for one; 0 when none came.</summary>
        public int Send(byte[] buffer, int offset, int count, int timeoutMs)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                lock (_lock)
                {
                    if (!Silent && !_configuring && _sinceReport.ElapsedMilliseconds >= ReportIntervalMs)
                    {
                        QueueReport();
                        _sinceReport.Restart();
                    }

                    if (_chunks.Count > 0)
                    {
                        byte[] chunk = _chunks.Dequeue();
                        int n = Math.Min(count, chunk.Length);
                        Array.Copy(chunk, 0, buffer, offset, n);
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

        private void QueueReport()
        {
            var chunk = new List<byte>();
            for (; NoiseBytes > 0; NoiseBytes--)
            {
                chunk.Add((byte)(0x5A ^ NoiseBytes));
            }

            chunk.AddRange(ReportFrame());
            ReportsSent++;
            int split = SplitNextReportAt;
            SplitNextReportAt = 0;
            if (split > 0 && split < chunk.Count)
            {
                _chunks.Enqueue(chunk.GetRange(0, split).ToArray());
                _chunks.Enqueue(chunk.GetRange(split, chunk.Count - split).ToArray());
                return;
            }

            _chunks.Enqueue(chunk.ToArray());
        }

        /// <summary>Reply to 0x0061: 0xAA, max gate 8, the two max gates, the 9 motion and 9 rest sensitivities (datasheet defaults), no-one duration.</summary>
        private byte[] Parameters()
        {
            var data = new List<byte> { 0xAA, 8, (byte)MaxMovingGate, (byte)MaxRestingGate };
            data.AddRange(new byte[] { 50, 50, 40, 30, 20, 15, 15, 15, 15 });
            data.AddRange(new byte[] { 0, 0, 40, 40, 30, 30, 20, 20, 20 });
            AddU16(data, (int)NoOneDurationSeconds);
            return data.ToArray();
        }

        private void Enqueue(byte[] chunk)
        {
            lock (_lock)
            {
                _chunks.Enqueue(chunk);
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
