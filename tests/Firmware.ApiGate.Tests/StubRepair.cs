using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smile.Firmware.ApiGate
{
    /// <summary>The two repairs a stub generated from public declarations may need before it compiles.</summary>
    internal static class StubRepair
    {
        private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMemberOptions(SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeRef)
            .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeParamsRefOut)
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        /// <summary>Explicit implementations for interface members no public member implements (the file omits them).</summary>
        public static string AddInterfaceImplementations(Compilation compilation, SyntaxTree tree, string source)
        {
            var inserts = new List<(int At, string Text)>();
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (TypeDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type || type.TypeKind == TypeKind.Interface)
                {
                    continue;
                }

                var missing = type.AllInterfaces.SelectMany(i => i.GetMembers())
                    .Where(m => m is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol or IEventSymbol)
                    .Where(m => !m.IsStatic && type.FindImplementationForInterfaceMember(m) == null)
                    .Select(Explicit)
                    .Concat(UnimplementedAbstract(type).Select(m => Override(m, type)))
                    .ToList();
                if (missing.Count > 0)
                {
                    inserts.Add((declaration.CloseBraceToken.SpanStart, string.Join("\n", missing) + "\n"));
                }
            }

            foreach ((int at, string text) in inserts.OrderByDescending(i => i.At))
            {
                source = source.Insert(at, text);
            }

            return source;
        }

        public static string LeaveOutLines(string source, IEnumerable<Diagnostic> errors, string assembly, List<string> leftOut)
        {
            var lines = source.Split('\n');
            foreach (Diagnostic error in errors)
            {
                int line = error.Location.GetLineSpan().StartLinePosition.Line;
                string text = lines[line].Trim();
                bool member = !text.StartsWith("namespace ", StringComparison.Ordinal) && !text.EndsWith("{", StringComparison.Ordinal) && text != "}";
                if (member && text.Length > 0)
                {
                    leftOut.Add(assembly + ": " + text + "  (" + error.Id + " " + error.GetMessage() + ")");
                    lines[line] = "";
                }
            }

            return string.Join("\n", lines);
        }

        /// <summary>Abstract members of a base class that a sealed or concrete class overrides non-publicly.</summary>
        private static IEnumerable<ISymbol> UnimplementedAbstract(INamedTypeSymbol type)
        {
            if (type.IsAbstract)
            {
                yield break;
            }

            var overridden = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (INamedTypeSymbol? t = type; t != null; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers())
                {
                    ISymbol? over = member switch { IMethodSymbol m => m.OverriddenMethod, IPropertySymbol p => p.OverriddenProperty, _ => null };
                    if (over != null)
                    {
                        overridden.Add(over.OriginalDefinition);
                    }

                    if (member.IsAbstract && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol && !overridden.Contains(member.OriginalDefinition))
                    {
                        yield return member;
                    }
                }
            }
        }

        /// <summary>An override keeps the member's access; protected internal stays so only within the assembly that declared it.</summary>
        private static string Override(ISymbol member, INamedTypeSymbol overriding)
        {
            string access = member.DeclaredAccessibility switch
            {
                Accessibility.Public => "public",
                Accessibility.ProtectedOrInternal when SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, overriding.ContainingAssembly) => "protected internal",
                _ => "protected",
            };
            if (member is IPropertySymbol property)
            {
                string accessors = (property.GetMethod != null ? "get => throw null!; " : "") + (property.SetMethod != null ? "set { } " : "");
                return access + " override " + property.Type.ToDisplayString(Qualified) + " " + property.Name + " { " + accessors + "}";
            }

            var method = (IMethodSymbol)member;
            return access + " override " + method.ReturnType.ToDisplayString(Qualified) + " " + method.Name + "("
                + string.Join(", ", method.Parameters.Select(p => p.ToDisplayString(Qualified))) + ") => throw null!;";
        }

        private static string Explicit(ISymbol member)
        {
            string owner = member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            switch (member)
            {
                case IMethodSymbol method:
                    string parameters = string.Join(", ", method.Parameters.Select(p => p.ToDisplayString(Qualified)));
                    return method.ReturnType.ToDisplayString(Qualified) + " " + owner + "." + method.Name + "(" + parameters + ") => throw null!;";
                case IPropertySymbol property:
                    string accessors = (property.GetMethod != null ? "get => throw null!; " : "") + (property.SetMethod != null ? "set { } " : "");
                    string name = property.IsIndexer
                        ? "this[" + string.Join(", ", property.Parameters.Select(p => p.ToDisplayString(Qualified))) + "]"
                        : property.Name;
                    return property.Type.ToDisplayString(Qualified) + " " + owner + "." + name + " { " + accessors + "}";
                default:
                    var e = (IEventSymbol)member;
                    return "event " + e.Type.ToDisplayString(Qualified) + " " + owner + "." + e.Name + " { add { } remove { } }";
            }
        }
    }
}
