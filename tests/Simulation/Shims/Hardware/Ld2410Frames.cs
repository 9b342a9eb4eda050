using System;
using System.Buffers.Binary;
using Iot.Device.Ld2410.Reporting;
using UnitsNet;

namespace Iot.Device.Ld2410
{
    /// <summary>Command frames as the binding builds them (devices/Ld2410/Commands/CommandFrame.cs and the command classes).</summary>
    internal static class Ld2410Commands
    {
        /// <summary>FD FC FB FA, u16 length (2 + value), u16 command word, value, 04 03 02 01.</summary>
        internal static byte[] Serialize(int command, byte[] value)
        {
            int length = 2 + value.Length;
            var frame = new byte[4 + 2 + length + 4];
            new byte[] { 0xFD, 0xFC, 0xFB, 0xFA }.CopyTo(frame, 0);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), (ushort)command);
            value.CopyTo(frame, 8);
            new byte[] { 0x04, 0x03, 0x02, 0x01 }.CopyTo(frame, 8 + value.Length);
            return frame;
        }

        /// <summary>
        /// Commands/SetMaxDistanceGateAndNoOneDurationCommand.cs: gates 2–8 and 0–65535 s, else ArgumentOutOfRangeException
        /// (lines 16-24); the 18-byte value 00 00 u32 01 00 u32 02 00 u32; a zero duration is sent as 5 s (line 53).
        /// </summary>
        internal static byte[] MaxDistanceGateAndNoOneDuration(uint moving, uint resting, TimeSpan noOne)
        {
            if (moving < 2 || resting < 2 || moving > 8 || resting > 8 || noOne.TotalSeconds < 0 || noOne.TotalSeconds > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException();
            }

            var value = new byte[18];
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(2), moving);
            value[6] = 0x01;
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(8), resting);
            value[12] = 0x02;
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(14), noOne == default ? 5 : (uint)noOne.TotalSeconds);
            return value;
        }
    }

    /// <summary>What the binding keeps of an ACK (Commands/*CommandAck.cs).</summary>
    internal sealed class Ld2410Ack
    {
        public int Command;
        public bool Success;
        public byte MaxDistanceGate;
        public byte MotionRangeGate;
        public byte StaticRangeGate;
        public TimeSpan NoOneDuration;
        public byte Major;
        public byte Minor;
        public string Patch = "";
    }

    /// <summary>
    /// Reporting/ReportFrameParser.cs and Commands/CommandAckParser.cs, index arithmetic kept: a frame must start at
    /// byte 0; tails are never checked; short chunks fail or throw (the caller swallows it).
    /// </summary>
    internal static class Ld2410Parsers
    {
        internal static bool TryParseReport(byte[] data, out ReportFrame? result)
        {
            result = null;
            if (data.Length <= 4 || data[0] != 0xF4 || data[1] != 0xF3 || data[2] != 0xF2 || data[3] != 0xF1 || data.Length <= 6)
            {
                return false;
            }

            var span = new Span<byte>(data);
            int payloadSize = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(4));
            // The binding compares with the index of the length (4), so 17–19-byte chunks pass and throw in Slice below.
            if (span.Length - 4 < payloadSize)
            {
                return false;
            }

            // Engineering frames (type 0x01) are not modelled: the node never enables engineering mode.
            if (span[6] != (byte)ReportingType.BasicMode)
            {
                return false;
            }

            Span<byte> payload = span.Slice(7, payloadSize);
            if (payload[0] != 0xAA)
            {
                throw new FormatException();
            }

            result = new BasicReportFrame(
                (TargetState)payload[1],
                Length.FromCentimeters(BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(2))),
                payload[4],
                Length.FromCentimeters(BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(5))),
                payload[7],
                Length.FromCentimeters(BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(8))));
            return true;
        }

        internal static bool TryParseAck(byte[] data, out Ld2410Ack? result)
        {
            result = null;
            if (data.Length <= 4 || data[0] != 0xFD || data[1] != 0xFC || data[2] != 0xFB || data[3] != 0xFA || data.Length <= 6)
            {
                return false;
            }

            var span = new Span<byte>(data);
            int payloadSize = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(4));
            if (data.Length - 5 < payloadSize)
            {
                return false;
            }

            var ack = new Ld2410Ack { Command = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(6)) - 0x0100 };
            int index = 8;
            switch (ack.Command)
            {
                case 0x00FF: // enable configuration: status, protocol version, buffer size
                    ack.Success = Status(data, ref index);
                    BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(++index));
                    BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(index += 2));
                    break;
                case 0x0061: // read configurations
                    ack.Success = Status(data, ref index);
                    index++; // 0xAA
                    ack.MaxDistanceGate = data[++index];
                    ack.MotionRangeGate = data[++index];
                    ack.StaticRangeGate = data[++index];
                    span.Slice(++index, 9).ToArray();
                    index += 9;
                    span.Slice(index, 9).ToArray();
                    index += 9;
                    ack.NoOneDuration = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(index)));
                    break;
                case 0x00A0: // read firmware version: status, type u16, minor, major, patch u32 shown most significant byte first
                    ack.Success = Status(data, ref index);
                    BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(++index));
                    index++;
                    ack.Minor = span[++index];
                    ack.Major = span[++index];
                    ack.Patch = span[index + 4].ToString("X2") + span[index + 3].ToString("X2") + span[index + 2].ToString("X2") + span[index + 1].ToString("X2");
                    break;
                case 0x00FE: case 0x0060: case 0x0062: case 0x0063: case 0x0064: case 0x00A1: case 0x00A2: case 0x00A3:
                    ack.Success = Status(data, ref index);
                    break;
                default:
                    // An unknown command word: the ACK is lost and the caller waits out its timeout.
                    throw new FormatException();
            }

            result = ack;
            return true;
        }

        /// <summary>CommandAckParser.GetStatus: both status bytes 0; short-circuits, so a failed status shifts what follows.</summary>
        private static bool Status(byte[] data, ref int index) => data[index] == 0x00 && data[++index] == 0x00;
    }
}
