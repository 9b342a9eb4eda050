using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Smile.Frames;

namespace Smile.Demo
{
    /// <summary>
    /// What the integrator received, held against what the nodes sent: the latest reading of each node for the live
    /// view, and every (node, boot, sequence, sample) for counting lost and duplicate samples at the end.
    /// </summary>
    public sealed class StreamLedger
    {
        private readonly Dictionary<(string Node, int Boot, int Seq, int Sample), int> _arrived = new();

        public Dictionary<string, NodeRow> Nodes { get; } = new();

        public int Measurements { get; private set; }

        public int StatusMessages { get; private set; }

        public int DeadLetters { get; private set; }

        /// <summary>Arrivals of a sample that had already arrived (a redelivery carrying the same message id).</summary>
        public int Duplicates => _arrived.Values.Sum(n => n - 1);

        public void Add(JsonObject message, DateTime arrivedAt)
        {
            string schema = (string?)message["schema"] ?? "";
            string node = (string?)message["node_id"] ?? "";
            if (schema == "smile.dead-letter.v1")
            {
                DeadLetters++;
                return;
            }

            if (node.Length == 0)
            {
                return;
            }

            if (!Nodes.TryGetValue(node, out NodeRow? row))
            {
                row = Nodes[node] = new NodeRow(node);
            }

            row.Seen(message, arrivedAt);
            if (schema == "smile.node-status.v1")
            {
                StatusMessages++;
                return;
            }

            if (schema != "smile.measurement.v1")
            {
                return;
            }

            Measurements++;
            JsonNode frame = message["frame"]!;
            var key = (node, (int)frame["boot"]!, (int)frame["seq"]!, (int)frame["sample"]!);
            _arrived[key] = _arrived.TryGetValue(key, out int n) ? n + 1 : 1;
        }

        /// <summary>Samples of the frames the broker acknowledged that never reached the integrator.</summary>
        public List<(string Node, int Boot, int Seq, int Sample)> Lost(IEnumerable<(string NodeId, string Hex)> published)
        {
            var lost = new List<(string, int, int, int)>();
            foreach (var key in Expected(published))
            {
                if (!_arrived.ContainsKey(key))
                {
                    lost.Add(key);
                }
            }

            return lost;
        }

        public static HashSet<(string Node, int Boot, int Seq, int Sample)> Expected(IEnumerable<(string NodeId, string Hex)> published)
        {
            var expected = new HashSet<(string, int, int, int)>();
            foreach (var (node, hex) in published)
            {
                Frame? frame = FrameDecoder.Decode(Convert.FromHexString(hex)).Frame;
                for (int i = 0; frame != null && frame.Type == FrameFormat.TypeMeasurement && i < frame.SampleCount; i++)
                {
                    expected.Add((node.ToLowerInvariant(), frame.Boot, frame.Sequence, i));
                }
            }

            return expected;
        }
    }
}
