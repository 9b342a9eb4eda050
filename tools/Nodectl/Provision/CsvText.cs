using System.Collections.Generic;
using System.Text;

namespace Smile.Nodectl.Provision
{
    /// <summary>One line of comma-separated values (RFC 4180 quoting: "a, b" and "" for a quote inside).</summary>
    public static class CsvText
    {
        public static List<string> Split(string line)
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted)
                {
                    cells.Add(cell.ToString().Trim());
                    cell.Clear();
                }
                else
                {
                    cell.Append(c);
                }
            }

            cells.Add(cell.ToString().Trim());
            return cells;
        }
    }
}
