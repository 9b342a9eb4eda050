using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Smile.Firmware.ApiGate
{
    /// <summary>One row of firmware/nuget-packages.tsv: a nanoFramework package as published, read from its nuspec.</summary>
    public sealed class PackageRow
    {
        public PackageRow(string package, string version, string[] assemblies, string[] assemblyVersions, string publicKeyToken, IReadOnlyDictionary<string, string> dependencies, string source)
        {
            Package = package;
            Version = version;
            Assemblies = assemblies;
            AssemblyVersions = assemblyVersions.Length == 1 ? assemblies.Select(_ => assemblyVersions[0]).ToArray() : assemblyVersions;
            PublicKeyToken = publicKeyToken;
            Dependencies = dependencies;
            Source = source;
        }

        public string Package { get; }

        public string Version { get; }

        public string[] Assemblies { get; }

        /// <summary>The assembly version of each of <see cref="Assemblies"/> (one value in the file stands for all).</summary>
        public string[] AssemblyVersions { get; }

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
                if (cells[Array.IndexOf(header, "assembly_version")].Split(';').Length is int n && n != 1 && n != cells[Array.IndexOf(header, "assemblies")].Split(';').Length)
                {
                    throw new FormatException(path + ":" + (i + 1) + ": one assembly version, or one per assembly");
                }

                var row = new PackageRow(Cell("package"), Cell("version"), Cell("assemblies").Split(';'), Cell("assembly_version").Split(';'), Cell("public_key_token"), dependencies, Cell("source"));
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
            return row == null ? new Version(1, 0, 0, 0) : Version.Parse(row.AssemblyVersions[Array.IndexOf(row.Assemblies, assembly)]);
        }
    }
}
