using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// nanoFramework's public API on the stable line, read from nf-api/nf-api-allowlist.txt (keys and the package each
    /// comes from) and nf-api/nf-api-signatures.tsv (declarations, for overloads). The generics-preview part of both
    /// files is left out: the firmware targets the stable line.
    /// </summary>
    public sealed class NfApiSurface
    {
        private const string PreviewMarker = "## GENERICS-PREVIEW";
        private static readonly Regex SectionHeader = new Regex(@"^## \[(?<name>[^\]]+)\] package (?<package>\S+)");

        private readonly Dictionary<string, HashSet<string>> _packagesByKey = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string[]>> _overloadsByKey = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _declarationsByKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        private NfApiSurface()
        {
        }

        public static NfApiSurface Load(string folder)
        {
            var surface = new NfApiSurface();
            surface.ReadAllowlist(File.ReadLines(Path.Combine(folder, "nf-api-allowlist.txt")));
            surface.ReadSignatures(File.ReadLines(Path.Combine(folder, "nf-api-signatures.tsv")));
            return surface;
        }

        public int Count => _packagesByKey.Count;

        public bool Contains(string key) => _packagesByKey.ContainsKey(key);

        /// <summary>NuGet package ids that provide the key (a key inherited by many types has several).</summary>
        public IReadOnlyCollection<string> PackagesOf(string key) =>
            _packagesByKey.TryGetValue(key, out var packages) ? packages : (IReadOnlyCollection<string>)Array.Empty<string>();

        /// <summary>
        /// Parameter type lists (simple CLR names, "*" for a type parameter) of the key's methods, or null when
        /// the signatures file has no declaration for it.
        /// </summary>
        public IReadOnlyList<string[]>? OverloadsOf(string key) => _overloadsByKey.TryGetValue(key, out var list) ? list : null;

        public IReadOnlyList<string> DeclarationsOf(string key) =>
            _declarationsByKey.TryGetValue(key, out var list) ? list : (IReadOnlyList<string>)Array.Empty<string>();

        private void ReadAllowlist(IEnumerable<string> lines)
        {
            string? package = null;
            foreach (string line in lines)
            {
                if (line.StartsWith(PreviewMarker, StringComparison.Ordinal))
                {
                    break;
                }

                Match header = SectionHeader.Match(line);
                if (header.Success)
                {
                    package = header.Groups["package"].Value;
                    continue;
                }

                if (line.Length == 0 || line[0] == '#' || package == null)
                {
                    continue;
                }

                if (!_packagesByKey.TryGetValue(line, out var packages))
                {
                    _packagesByKey[line] = packages = new HashSet<string>(StringComparer.Ordinal);
                }

                packages.Add(package);
            }
        }

        private void ReadSignatures(IEnumerable<string> lines)
        {
            foreach (string line in lines)
            {
                if (line.StartsWith(PreviewMarker, StringComparison.Ordinal))
                {
                    break;
                }

                int tab = line.IndexOf('\t');
                if (line.StartsWith('#') || tab < 0)
                {
                    continue;
                }

                string key = line.Substring(0, tab);
                string declaration = line.Substring(tab + 1);
                Add(_declarationsByKey, key, declaration);
                string[]? parameters = Signatures.ParameterTypes(key, declaration);
                if (parameters != null)
                {
                    Add(_overloadsByKey, key, parameters);
                }
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<T>();
            }

            list.Add(value);
        }
    }
}
