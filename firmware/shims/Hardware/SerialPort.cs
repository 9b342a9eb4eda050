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
        None = 0,
        One = 1,
    }

    /// <summary>nanoFramework's SerialPort over a simulated UART peer; ReadLine times out after ReadTimeout like the device.</summary>
    public sealed class SerialPort : IDisposable
    {
        private readonly string _portName;
        private ISimulatedUart? _peer;

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
            if (!SimulatedBoard.Uarts.TryGetValue(_portName, out _peer))
            {
                throw new IOException(_portName + " has nothing connected");
            }
        }

        public void WriteLine(string text) => _peer!.Receive(text);

        public string ReadLine() => _peer!.Send(ReadTimeout) ?? throw new TimeoutException("no line within " + ReadTimeout + " ms");

        public void Close() => _peer = null;

        public void Dispose() => Close();
    }
}
