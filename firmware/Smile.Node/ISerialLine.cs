namespace Smile.Node
{
    /// <summary>
    /// A line-oriented serial port (the modem's UART). On the device it wraps
    /// System.IO.Ports.SerialPort, which is sealed; the host tests put a simulated modem behind it.
    /// </summary>
    public interface ISerialLine
    {
        /// <summary>Writes the text and "\r\n".</summary>
        void WriteLine(string line);

        /// <summary>The next line without its line end, or null when none arrived within the timeout.</summary>
        string? ReadLine(int timeoutMs);
    }
}
