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
    /// Compiles a firmware project's sources as the nanoFramework build does: Roslyn, C# 9, no standard library
    /// (-nostdlib), NANOFRAMEWORK_1_0 defined, nullable annotations on, referencing the real mscorlib, the assemblies
    /// of the packages in its packages.config (generated from the signatures) and the projects it references. Every
    /// compile error is a violation; so is what compiles but the stable runtime cannot run (see
    /// <see cref="RuntimeRules"/>).
    /// </summary>
    public sealed class FirmwareCompiler
    {
        private static readonly Regex MissingName = new Regex(@"'(?<name>[A-Za-z_][A-Za-z0-9_]*)'", RegexOptions.Compiled);
        private readonly ReferenceAssemblies _references;

        public FirmwareCompiler(ReferenceAssemblies references) => _references = references;

        public CompileResult Compile(string assemblyName, IReadOnlyList<(string Path, string Text)> sources, IReadOnlyCollection<string> packages,
            IEnumerable<MetadataReference> projectReferences)
        {
            var violations = new List<Violation>();
            var references = new List<MetadataReference>(projectReferences);
            foreach (string package in packages)
            {
                IReadOnlyList<string> assemblies = _references.AssembliesOf(package);
                if (assemblies.Count == 0 && package != "nanoFramework.TestFramework.Launcher")
                {
                    violations.Add(new Violation("packages.config", 0, "package " + package + " has no signatures in nf-api-signatures.tsv: its API cannot be checked"));
                }

                references.AddRange(assemblies.Select(_references.Reference));
            }

            if (!packages.Contains("nanoFramework.CoreLibrary"))
            {
                violations.Add(new Violation("packages.config", 0, "nanoFramework.CoreLibrary (mscorlib) is missing"));
                references.Add(_references.Mscorlib);
            }

            var parse = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
            var compilation = CSharpCompilation.Create(assemblyName, trees, references.Distinct(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                violations.Add(At(error.Location, error.Id + " " + error.GetMessage() + Hint(error, packages)));
            }

            foreach (SyntaxTree tree in trees)
            {
                RuntimeRules.Check(compilation.GetSemanticModel(tree), violations);
            }

            using var image = new MemoryStream();
            EmitResult emitted = compilation.Emit(image, options: new EmitOptions(metadataOnly: true));
            var used = compilation.GetUsedAssemblyReferences().Select(r => Path.GetFileNameWithoutExtension(r.Display ?? "")).ToList();
            return new CompileResult(
                violations.OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line).ToList(),
                emitted.Success ? MetadataReference.CreateFromImage(image.ToArray(), filePath: assemblyName + ".dll") : null,
                used);
        }

        internal static Violation At(Location location, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return new Violation(span.Path, span.StartLinePosition.Line + 1, message);
        }

        /// <summary>A name that no reference declares but a package the project lacks does: say which package.</summary>
        private string Hint(Diagnostic error, IReadOnlyCollection<string> packages)
        {
            if (error.Id is not ("CS0103" or "CS0246" or "CS0234"))
            {
                return "";
            }

            foreach (Match name in MissingName.Matches(error.GetMessage()))
            {
                string? package = _references.PackageDeclaring(name.Groups["name"].Value);
                if (package != null && !packages.Contains(package))
                {
                    return " (declared in package " + package + ", which packages.config does not list)";
                }
            }

            return "";
        }
    }

    /// <summary>What one firmware compilation found, its image for the projects that reference it, and the assemblies it used.</summary>
    public sealed class CompileResult
    {
        public CompileResult(IReadOnlyList<Violation> violations, MetadataReference? image, IReadOnlyList<string> assembliesUsed)
        {
            Violations = violations;
            Image = image;
            AssembliesUsed = assembliesUsed;
        }

        public IReadOnlyList<Violation> Violations { get; }

        public MetadataReference? Image { get; }

        public IReadOnlyList<string> AssembliesUsed { get; }
    }
}
