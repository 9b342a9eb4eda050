using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// What compiles against the stable mscorlib but its runtime cannot run: mscorlib 1.17 still declares Action&lt;T&gt;,
    /// Func&lt;T&gt; and EventHandler&lt;T&gt;, and the compiler accepts generic declarations, yet the stable interpreter has
    /// no generic instantiation (shared/reference/nanoframework.md §2). Everything else the runtime lacks (LINQ,
    /// Task, Nullable&lt;T&gt;, ValueTuple, EqualityComparer&lt;T&gt; for records) is simply absent and fails to compile.
    /// </summary>
    internal static class RuntimeRules
    {
        public static void Check(SemanticModel model, List<Violation> violations)
        {
            foreach (SyntaxNode node in model.SyntaxTree.GetRoot().DescendantNodes())
            {
                if (node is TypeParameterListSyntax)
                {
                    violations.Add(FirmwareCompiler.At(node.GetLocation(), "generic declaration: the stable nanoFramework runtime has no generics"));
                    continue;
                }

                if (node is not (ExpressionSyntax or TypeSyntax))
                {
                    continue;
                }

                ISymbol? symbol = model.GetSymbolInfo(node).Symbol ?? model.GetTypeInfo(node).Type;
                if (symbol is INamedTypeSymbol { IsGenericType: true } type && type.TypeArguments.Any(a => a.TypeKind != TypeKind.TypeParameter)
                    || symbol is IMethodSymbol { IsGenericMethod: true, IsDefinition: false })
                {
                    violations.Add(FirmwareCompiler.At(node.GetLocation(), "generic " + symbol.ToDisplayString() + ": the stable nanoFramework runtime has no generics"));
                }
            }
        }
    }
}
