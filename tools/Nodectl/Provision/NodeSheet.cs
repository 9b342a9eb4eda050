using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// The technician's list of nodes: a CSV with a header row. Required columns id, site, transport, board;
    /// optional modem, dev_eui, radar, sample_interval_s, send_interval_s. Blank lines and lines starting with #
    /// are skipped; row numbers are the file's line numbers.
    /// </summary>
    public sealed class NodeSheet
    {
        public static readonly string[] Required = { "id", "site", "transport", "board" };

        public static readonly string[] Optional = { "modem", "dev_eui", "radar", "sample_interval_s", "send_interval_s" };

        public List<NodeRow> Rows { get; } = new List<NodeRow>();

        /// <summary>Reads the sheet; a problem with the header (not with a row) is fatal and thrown.</summary>
        public static NodeSheet Read(string path)
        {
            var sheet = new NodeSheet();
            string[] lines = File.ReadAllLines(path);
            int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'));
            if (headerLine < 0)
            {
                throw new InvalidDataException(path + " has no header row (" + string.Join(",", Required) + ")");
            }

            List<string> header = CsvText.Split(lines[headerLine]).Select(h => h.ToLowerInvariant()).ToList();
            string[] missing = Required.Where(r => !header.Contains(r)).ToArray();
            string[] unknown = header.Where(h => !Required.Contains(h) && !Optional.Contains(h)).ToArray();
            if (missing.Length > 0 || unknown.Length > 0)
            {
                throw new InvalidDataException(path + ":" + (headerLine + 1) + ": "
                    + (missing.Length > 0 ? "missing column " + string.Join(", ", missing) + ". " : "")
                    + (unknown.Length > 0 ? "unknown column " + string.Join(", ", unknown) + ". " : "")
                    + "Columns: " + string.Join(",", Required) + " and optionally " + string.Join(",", Optional));
            }

            for (int i = headerLine + 1; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith('#'))
                {
                    continue;
                }

                List<string> cells = CsvText.Split(lines[i]);
                var values = new Dictionary<string, string>();
                for (int c = 0; c < header.Count; c++)
                {
                    values[header[c]] = c < cells.Count ? cells[c] : "";
                }

                sheet.Rows.Add(new NodeRow(i + 1, values, cells.Count > header.Count ? cells.Count - header.Count : 0));
            }

            return sheet;
        }
    }

    /// <summary>One node of the sheet, with its line number for error reports.</summary>
    public sealed class NodeRow
    {
        private readonly Dictionary<string, string> _values;

        public NodeRow(int line, Dictionary<string, string> values, int extraCells)
        {
            Line = line;
            _values = values;
            ExtraCells = extraCells;
        }

        public int Line { get; }

        public int ExtraCells { get; }

        public string this[string column] => _values.TryGetValue(column, out string? value) ? value : "";
    }
}
