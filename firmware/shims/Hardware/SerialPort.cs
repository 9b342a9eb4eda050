using System;
using Smile.Simulation;

namespace System.IO.Ports
{
    public enum Parity
    {
        None = 0,
    }

    public enum StopBits
    {
        One = 1,
    }

    /// <summary>
    /// nanoFramework's SerialPort over a simulated UART peer: a line device (modem, console) or a byte device (radar).
    /// ReadLine and Read time out after ReadTimeout like the device.
    /// </summary>
    public sealed class SerialPort : IDisposable
    {
        private readonly string _portName;
        private ISimulatedUart? _peer;
        private ISimulatedByteUart? _bytePeer;

        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            _portName = portName;
            BaudRate = baudRate;
        }

        public int BaudRate { get; set; }

        public int ReadTimeout { get; set; } = -1;

        public string NewLine { get; set; } = "\n";

        public void Open()
        {
            if (!SimulatedBoard.Uarts.TryGetValue(_portName, out _peer) && !SimulatedBoard.ByteUarts.TryGetValue(_portName, out _bytePeer))
            {
                throw new IOException(_portName + " has nothing connected");
            }
        }

        public void WriteLine(string text) => _peer!.Receive(text);

        public string ReadLine() => _peer!.Send(ReadTimeout) ?? throw new TimeoutException("no line within " + ReadTimeout + " ms");

        public int Read(byte[] buffer, int offset, int count) => _bytePeer!.Send(buffer, offset, count, ReadTimeout);

        public void Write(byte[] buffer, int offset, int count) => _bytePeer!.Receive(buffer, offset, count);

        public bool IsOpen => _peer != null || _bytePeer != null;

        public void Close()
        {
            _peer = null;
            _bytePeer = null;
        }

        public void Dispose() => Close();
    }
}
