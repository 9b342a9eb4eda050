using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// What the firmware compiles against: the real mscorlib.dll of nanoFramework.CoreLibrary 1.17.11 (restored from
    /// NuGet), and for every other stable library a reference assembly generated from nf-api-signatures.tsv and
    /// compiled against that mscorlib. The 2.0 preview section is left out, so preview API fails to compile.
    /// </summary>
    public sealed class ReferenceAssemblies
    {
        private readonly Dictionary<string, MetadataReference> _byAssembly = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _assembliesByPackage = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _packageByTypeName = new Dictionary<string, string>(StringComparer.Ordinal);

        public ReferenceAssemblies(string mscorlibPath, IReadOnlyList<ApiSection> sections, Func<string, Version> assemblyVersion)
        {
            Mscorlib = MetadataReference.CreateFromFile(mscorlibPath);
            var stable = sections.Where(s => !s.Preview).ToList();
            var mscorlibNamespaces = Namespaces(stable.Single(s => s.Assembly == "mscorlib"));
            var libraries = stable.Where(s => s.Assembly != "mscorlib").ToList();
            foreach (ApiSection library in libraries)
            {
                AddPackage(library.Package, library.Assembly);
                foreach (string type in TopLevelTypeNames(library))
                {
                    _packageByTypeName.TryAdd(type, library.Package);
                }
            }

            AddPackage("nanoFramework.CoreLibrary", "mscorlib");
            _byAssembly["mscorlib"] = Mscorlib;
            var dependencies = libraries.ToDictionary(l => l.Assembly, l => DependenciesOf(l, libraries), StringComparer.Ordinal);
            foreach (ApiSection library in InDependencyOrder(libraries, dependencies))
            {
                var usings = mscorlibNamespaces.Concat(Namespaces(library))
                    .Concat(dependencies[library.Assembly].SelectMany(d => Namespaces(libraries.First(l => l.Assembly == d))));
                string source = StubWriter.Write(library, usings, assemblyVersion(library.Assembly));
                var references = new[] { Mscorlib }.Concat(dependencies[library.Assembly].Select(d => _byAssembly[d]));
                _byAssembly[library.Assembly] = Compile(library.Assembly, source, references);
            }
        }

        public MetadataReference Mscorlib { get; }

        public IReadOnlyCollection<string> Assemblies => _byAssembly.Keys;

        /// <summary>The assemblies a package puts in lib/ (M2Mqtt ships two).</summary>
        public IReadOnlyList<string> AssembliesOf(string package) =>
            _assembliesByPackage.TryGetValue(package, out List<string>? assemblies) ? assemblies : (IReadOnlyList<string>)Array.Empty<string>();

        public MetadataReference Reference(string assembly) => _byAssembly[assembly];

        /// <summary>The package that declares a top-level type of this simple name, for a hint in a compile error.</summary>
        public string? PackageDeclaring(string typeName) => _packageByTypeName.TryGetValue(typeName, out string? p) ? p : null;

        private void AddPackage(string package, string assembly)
        {
            if (!_assembliesByPackage.TryGetValue(package, out List<string>? list))
            {
                _assembliesByPackage[package] = list = new List<string>();
            }

            list.Add(assembly);
        }

        /// <summary>Lines of the generated sources that did not compile and were left out, with the reason.</summary>
        public List<string> LeftOut { get; } = new List<string>();

        /// <summary>
        /// Compiles the stub. The file lists public API only, so two things can be missing: explicit interface
        /// implementations (added here as throwing stubs, invisible to callers) and internal types a protected member
        /// names (Bmxx80's Endianness): such a line is left out and said in <see cref="LeftOut"/>.
        /// </summary>
        private MetadataReference Compile(string assembly, string source, IEnumerable<MetadataReference> references)
        {
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
            for (int attempt = 0; ; attempt++)
            {
                var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), assembly + ".stub.cs");
                var compilation = CSharpCompilation.Create(assembly, new[] { tree }, references, options);
                using var image = new MemoryStream();
                EmitResult result = compilation.Emit(image, options: new EmitOptions(metadataOnly: true));
                if (result.Success)
                {
                    return MetadataReference.CreateFromImage(image.ToArray(), filePath: assembly + ".dll");
                }

                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (attempt == 3)
                {
                    throw new InvalidOperationException("the reference assembly " + assembly + " generated from the signatures does not compile:\n"
                        + string.Join("\n", errors.Take(40)));
                }

                source = attempt == 0
                    ? StubRepair.AddInterfaceImplementations(compilation, tree, source)
                    : StubRepair.LeaveOutLines(source, errors, assembly, LeftOut);
            }
        }

        private static IEnumerable<string> Namespaces(ApiSection section) => section.Entries
            .Where(e => !e.Key.Contains("::"))
            .Select(e => e.Key.Substring(0, Math.Max(0, e.Key.LastIndexOf('.'))))
            .Where(n => n.Length > 0 && !section.Entries.Any(t => t.Key == n))
            .Distinct();

        private static IEnumerable<string> TopLevelTypeNames(ApiSection section)
        {
            var keys = new HashSet<string>(section.Entries.Where(e => !e.Key.Contains("::")).Select(e => e.Key), StringComparer.Ordinal);
            return keys.Where(k => !keys.Contains(k.Substring(0, Math.Max(0, k.LastIndexOf('.')))))
                .Select(k => k.Substring(k.LastIndexOf('.') + 1).Split('`')[0]);
        }

        /// <summary>The libraries whose type names this library's declarations mention.</summary>
        private static List<string> DependenciesOf(ApiSection library, IReadOnlyList<ApiSection> all)
        {
            // A member's own name ("Length", "Settings") is not a use of another library's type of that name.
            var words = new HashSet<string>(library.Entries.SelectMany(e => Regex.Matches(Regex.Replace(e.Declaration, "\"[^\"]*\"", ""), @"[A-Za-z_][A-Za-z0-9_]*")
                .Select(m => m.Value).Where(w => w != e.Key.Substring(e.Key.LastIndexOf(':') + 1) || Regex.Matches(e.Declaration, @"\b" + w + @"\b").Count > 1)), StringComparer.Ordinal);
            var own = new HashSet<string>(TopLevelTypeNames(library), StringComparer.Ordinal);
            return all.Where(other => other != library && TopLevelTypeNames(other).Any(t => words.Contains(t) && !own.Contains(t)))
                .Select(other => other.Assembly)
                .ToList();
        }

        private static IEnumerable<ApiSection> InDependencyOrder(List<ApiSection> libraries, Dictionary<string, List<string>> dependencies)
        {
            var done = new HashSet<string>(StringComparer.Ordinal);
            var order = new List<ApiSection>();
            while (order.Count < libraries.Count)
            {
                var ready = libraries.Where(l => !done.Contains(l.Assembly) && dependencies[l.Assembly].All(done.Contains)).ToList();
                if (ready.Count == 0)
                {
                    throw new InvalidOperationException("the signatures' libraries depend on each other in a cycle: "
                        + string.Join(", ", libraries.Where(l => !done.Contains(l.Assembly)).Select(l => l.Assembly + " → " + string.Join("/", dependencies[l.Assembly].Where(d => !done.Contains(d))))));
                }

                foreach (ApiSection l in ready)
                {
                    done.Add(l.Assembly);
                    order.Add(l);
                }
            }

            return order;
        }
    }
}
