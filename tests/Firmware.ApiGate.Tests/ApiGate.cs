using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// Compiles firmware sources with Roslyn the way the stable nanoFramework line does (C# 9, NANOFRAMEWORK_1_0)
    /// and reports every use of an API that nanoFramework lacks, every missing package, and every language feature
    /// its runtime cannot run (generic declarations and instantiations, async/await, LINQ queries, nullable value
    /// types, records, tuples).
    /// </summary>
    public sealed class ApiGate
    {
        private readonly NfApiSurface _surface;
        private readonly IReadOnlyList<MetadataReference> _references;

        /// <param name="extraReferences">Assemblies beyond the .NET runtime to bind against (the host shims).</param>
        public ApiGate(NfApiSurface surface, IEnumerable<string> extraReferences)
        {
            _surface = surface;
            string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            _references = platform.Split(System.IO.Path.PathSeparator)
                .Concat(extraReferences)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();
        }

        /// <param name="sources">Everything to compile: the project's files and those of the projects it references.</param>
        /// <param name="checkedPaths">The files to report on (the project's own).</param>
        /// <param name="packages">The project's packages.config ids; null skips the package check.</param>
        public GateReport Check(IReadOnlyList<(string Path, string Text)> sources, ICollection<string> checkedPaths, IReadOnlyCollection<string>? packages)
        {
            var options = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToList();
            var compilation = CSharpCompilation.Create("Firmware", trees, _references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var violations = new List<Violation>();
            var keysUsed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                violations.Add(At(error.Location, "does not compile: " + error.Id + " " + error.GetMessage()));
            }

            foreach (SyntaxTree tree in trees.Where(t => checkedPaths.Contains(t.FilePath)))
            {
                var walker = new UsageWalker(compilation.GetSemanticModel(tree), _surface, packages, violations, keysUsed);
                walker.Visit(tree.GetRoot());
            }

            var distinct = violations
                .GroupBy(v => v.ToString())
                .Select(g => g.First())
                .OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line)
                .ToList();
            return new GateReport(distinct, keysUsed);
        }

        internal static Violation At(Location location, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return new Violation(span.Path, span.StartLinePosition.Line + 1, message);
        }
    }
}
