using System.Collections.Generic;
using Smile.Node;

namespace Smile.Nodectl.Flash
{
    /// <summary>
    /// The technician's side of the node's provisioning console (firmware/Smile.Node.App/Provisioning.cs): wait for
    /// "SMILE PROVISION", send "CONFIG {json}", read "OK id" or the node's ERROR lines and "FAILED", check with
    /// "SHOW" (secrets masked by the node), end with "DONE".
    /// </summary>
    public sealed class ConsoleProvisioning
    {
        private readonly ISerialLine _console;
        private readonly int _timeoutMs;

        public ConsoleProvisioning(ISerialLine console, int timeoutMs)
        {
            _console = console;
            _timeoutMs = timeoutMs;
        }

        /// <summary>What the node said: its previous id ("new" when unprovisioned), its answers, and the masked config.</summary>
        public List<string> Transcript { get; } = new List<string>();

        /// <summary>Pushes one config (one line of JSON); null on success, else the reason.</summary>
        public string? Push(string nodeId, string json)
        {
            string? hello = Expect("SMILE PROVISION ", _timeoutMs);
            if (hello == null)
            {
                return "the node did not offer provisioning within " + _timeoutMs / 1000 + " s: reset it (EN) with the BOOT button held";
            }

            _console.WriteLine("CONFIG " + json);
            var errors = new List<string>();
            while (true)
            {
                string? line = Next(_timeoutMs);
                if (line == null)
                {
                    return "the node did not answer the configuration";
                }

                if (line == "OK " + nodeId)
                {
                    break;
                }

                if (line.StartsWith("ERROR "))
                {
                    errors.Add(line.Substring(6));
                }
                else if (line == "FAILED")
                {
                    return "the node refused the configuration: " + string.Join("; ", errors);
                }
            }

            _console.WriteLine("SHOW");
            string? shown = Next(_timeoutMs);
            _console.WriteLine("DONE");
            return shown != null && shown.StartsWith("NodeId=" + nodeId + " ") ? null : "the node shows another configuration: " + shown;
        }

        private string? Expect(string prefix, int timeoutMs)
        {
            while (true)
            {
                string? line = Next(timeoutMs);
                if (line == null || line.StartsWith(prefix))
                {
                    return line;
                }
            }
        }

        private string? Next(int timeoutMs)
        {
            string? line = _console.ReadLine(timeoutMs);
            if (line != null)
            {
                Transcript.Add(line);
            }

            return line;
        }
    }
}
