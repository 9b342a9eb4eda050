using System.Collections;
using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>
    /// Plays back lines a modem printed, whatever the node writes: for firmware variants the simulators do not
    /// speak, such as another order of the lines after a downlink.
    /// </summary>
    public sealed class ScriptedSerialLine : ISerialLine
    {
        private readonly ArrayList _lines = new ArrayList();

        public ScriptedSerialLine(string[] lines)
        {
            foreach (string line in lines)
            {
                _lines.Add(line);
            }
        }

        public void WriteLine(string line)
        {
        }

        public string? ReadLine(int timeoutMs)
        {
            if (_lines.Count == 0)
            {
                return null;
            }

            string line = (string)_lines[0]!;
            _lines.RemoveAt(0);
            return line;
        }
    }
}
