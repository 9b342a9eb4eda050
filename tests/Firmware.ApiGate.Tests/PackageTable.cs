using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smile.Firmware.ApiGate
{
    /// <summary>One row of firmware/nuget-packages.tsv: a nanoFramework package as published, read from its nuspec.</summary>
    public sealed class PackageRow
    {
        public PackageRow(string package, string version, string[] assemblies, string assemblyVersion, string publicKeyToken, IReadOnlyDictionary<string, string> dependencies, string source)
        {
            Package = package;
            Version = version;
            Assemblies = assemblies;
            AssemblyVersion = assemblyVersion;
            PublicKeyToken = publicKeyToken;
            Dependencies = dependencies;
            Source = source;
        }

        public string Package { get; }

        public string Version { get; }

        public string[] Assemblies { get; }

        public string AssemblyVersion { get; }

        public string PublicKeyToken { get; }

        /// <summary>Direct nuspec dependencies: package id → minimum version.</summary>
        public IReadOnlyDictionary<string, string> Dependencies { get; }

        public string Source { get; }
    }

    /// <summary>
    /// firmware/nuget-packages.tsv: for each nanoFramework package the firmware uses, the version, the assemblies in
    /// its lib/ with their assembly version and public key token (what a &lt;Reference Include&gt; must say) and its nuspec
    /// dependencies, with where each was read.
    /// </summary>
    public sealed class PackageTable
    {
        private readonly Dictionary<string, PackageRow> _rows;

        private PackageTable(Dictionary<string, PackageRow> rows) => _rows = rows;

        public IReadOnlyCollection<PackageRow> Rows => _rows.Values;

        public static PackageTable Load(string path)
        {
            var rows = new Dictionary<string, PackageRow>(StringComparer.Ordinal);
            string[] lines = File.ReadAllLines(path);
            string[] header = lines[0].Split('\t');
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0 || lines[i][0] == '#')
                {
                    continue;
                }

                string[] cells = lines[i].Split('\t');
                if (cells.Length != header.Length)
                {
                    throw new FormatException(path + ":" + (i + 1) + ": " + cells.Length + " cells, the header has " + header.Length);
                }

                string Cell(string name) => cells[Array.IndexOf(header, name)];
                var dependencies = Cell("dependencies").Split(';', StringSplitOptions.RemoveEmptyEntries)
                    .Select(d => d.Split(':'))
                    .ToDictionary(d => d[0], d => d[1], StringComparer.Ordinal);
                var row = new PackageRow(Cell("package"), Cell("version"), Cell("assemblies").Split(';'), Cell("assembly_version"), Cell("public_key_token"), dependencies, Cell("source"));
                if (!rows.TryAdd(row.Package, row))
                {
                    throw new FormatException(path + ":" + (i + 1) + ": " + row.Package + " is listed twice");
                }
            }

            return new PackageTable(rows);
        }

        public PackageRow? Find(string package) => _rows.TryGetValue(package, out PackageRow? row) ? row : null;

        /// <summary>The assembly version of an assembly some package ships; 1.0.0.0 for one the table does not list.</summary>
        public Version AssemblyVersion(string assembly)
        {
            PackageRow? row = _rows.Values.FirstOrDefault(r => r.Assemblies.Contains(assembly));
            return row == null ? new Version(1, 0, 0, 0) : Version.Parse(row.AssemblyVersion);
        }
    }
}
