using System;
using System.Collections.Generic;
using System.IO;

namespace Smile.Firmware.ApiGate
{
    /// <summary>One library of nf-api-signatures.tsv: its assembly, its NuGet package and its declarations.</summary>
    public sealed class ApiSection
    {
        public ApiSection(string assembly, string package, bool preview)
        {
            Assembly = assembly;
            Package = package;
            Preview = preview;
        }

        /// <summary>The assembly's simple name ("System.Device.Gpio").</summary>
        public string Assembly { get; }

        /// <summary>The NuGet package id that ships it ("nanoFramework.System.Device.Gpio").</summary>
        public string Package { get; }

        /// <summary>True for the 2.0 generics preview line, which the firmware must not use.</summary>
        public bool Preview { get; }

        /// <summary>Key ("Ns.Type" or "Ns.Type::Member") and C# declaration, in file order.</summary>
        public List<(string Key, string Declaration)> Entries { get; } = new List<(string, string)>();
    }

    /// <summary>
    /// Reads ../shared/reference/nf-api-signatures.tsv (copied to nf-api/): "## [Assembly …] package Id @ repo commit"
    /// headers, then one "key TAB declaration" line per public type and member as written in nanoFramework's source.
    /// </summary>
    public static class SignatureFile
    {
        public static IReadOnlyList<ApiSection> Load(string path)
        {
            var sections = new List<ApiSection>();
            ApiSection? current = null;
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    current = Header(line);
                    sections.Add(current);
                }
                else if (current != null && line.Length > 0 && line[0] != '#')
                {
                    int tab = line.IndexOf('\t');
                    if (tab < 0)
                    {
                        throw new FormatException(path + ": no tab in \"" + line + "\"");
                    }

                    current.Entries.Add((line.Substring(0, tab), line.Substring(tab + 1)));
                }
            }

            return sections;
        }

        private static ApiSection Header(string line)
        {
            bool preview = line.StartsWith("## GENERICS-PREVIEW", StringComparison.Ordinal);
            int open = line.IndexOf('[');
            int end = line.IndexOfAny(new[] { ' ', ']' }, open + 1);
            string assembly = line.Substring(open + 1, end - open - 1);
            const string marker = "] package ";
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            string package = at < 0 ? "nanoFramework.CoreLibrary" : line.Substring(at + marker.Length).Split(' ')[0];
            return new ApiSection(assembly, package, preview);
        }
    }
}
