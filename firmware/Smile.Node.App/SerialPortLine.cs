using System;
using System.IO.Ports;

namespace Smile.Node.App
{
    /// <summary>The modem's UART as lines. SerialPort is sealed in nanoFramework, so the node talks to it through this.</summary>
    public sealed class SerialPortLine : ISerialLine
    {
        private readonly SerialPort _port;

        public SerialPortLine(SerialPort port)
        {
            _port = port;
            _port.NewLine = "\r\n";
        }

        public void WriteLine(string line) => _port.WriteLine(line);

        public string? ReadLine(int timeoutMs)
        {
            _port.ReadTimeout = timeoutMs;
            try
            {
                return _port.ReadLine();
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }
}
