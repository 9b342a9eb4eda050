using System.Collections;
using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>Sits between a driver and a simulated device and keeps every line each way, so a test can check the dialogue.</summary>
    public sealed class SerialTranscript : ISerialLine
    {
        private readonly ISerialLine _device;

        public SerialTranscript(ISerialLine device) => _device = device;

        public ArrayList Written { get; } = new ArrayList();

        public ArrayList Read { get; } = new ArrayList();

        public void WriteLine(string line)
        {
            Written.Add(line);
            _device.WriteLine(line);
        }

        public string? ReadLine(int timeoutMs)
        {
            string? line = _device.ReadLine(timeoutMs);
            if (line != null)
            {
                Read.Add(line);
            }

            return line;
        }

        /// <summary>Whether a line read contains the text.</summary>
        public bool ReadAny(string part)
        {
            foreach (string line in Read)
            {
                if (AtText.Has(line, part))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
