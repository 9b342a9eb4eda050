using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Smile.Firmware.ApiGate
{
    /// <summary>Visits one firmware file: language features by syntax, then every symbol it binds to outside the firmware.</summary>
    internal sealed class UsageWalker : CSharpSyntaxWalker
    {
        private readonly SemanticModel _model;
        private readonly NfApiSurface _surface;
        private readonly IReadOnlyCollection<string>? _packages;
        private readonly List<Violation> _violations;
        private readonly ISet<string> _keysUsed;

        public UsageWalker(SemanticModel model, NfApiSurface surface, IReadOnlyCollection<string>? packages, List<Violation> violations, ISet<string> keysUsed)
        {
            _keysUsed = keysUsed;
            _model = model;
            _surface = surface;
            _packages = packages;
            _violations = violations;
        }

        public override void Visit(SyntaxNode? node)
        {
            if (node == null)
            {
                return;
            }

            CheckLanguage(node);
            CheckBinding(node);
            base.Visit(node);
        }

        private void CheckLanguage(SyntaxNode node)
        {
            switch (node)
            {
                case TypeParameterListSyntax:
                    Report(node, "generic declaration: the stable nanoFramework runtime has no generics");
                    break;
                case AwaitExpressionSyntax:
                    Report(node, "await: nanoFramework has no async/await (use Thread, Timer and wait handles)");
                    break;
                case QueryExpressionSyntax:
                    Report(node, "LINQ query syntax: nanoFramework has no LINQ");
                    break;
                case RecordDeclarationSyntax:
                    Report(node, "record: needs EqualityComparer<T>, which nanoFramework lacks");
                    break;
                case NullableTypeSyntax nullable when _model.GetTypeInfo(nullable.ElementType).Type?.IsValueType == true:
                    Report(node, "nullable value type " + nullable + ": nanoFramework has no Nullable<T>");
                    break;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
                    when node.ChildTokens().Concat(Modifiers(node)).Any(t => t.IsKind(SyntaxKind.AsyncKeyword)):
                    Report(node, "async: nanoFramework has no async/await");
                    break;
            }
        }

        private static IEnumerable<SyntaxToken> Modifiers(SyntaxNode node) => node switch
        {
            MemberDeclarationSyntax member => member.Modifiers,
            LocalFunctionStatementSyntax local => local.Modifiers,
            AnonymousFunctionExpressionSyntax lambda => lambda.Modifiers,
            _ => Enumerable.Empty<SyntaxToken>(),
        };

        private void CheckBinding(SyntaxNode node)
        {
            switch (node)
            {
                case ExpressionSyntax or ConstructorInitializerSyntax or AttributeSyntax:
                    SymbolInfo info = _model.GetSymbolInfo(node);
                    Check(info.Symbol ?? info.CandidateSymbols.FirstOrDefault(), node);
                    if (node is ExpressionSyntax expression)
                    {
                        Conversion conversion = _model.GetConversion(expression);
                        if (conversion.IsUserDefined)
                        {
                            Check(conversion.MethodSymbol, node);
                        }
                    }

                    if (node is InterpolatedStringExpressionSyntax)
                    {
                        CheckKey("System.String::Format", node);
                    }

                    break;
                case ForEachStatementSyntax loop:
                    ForEachStatementInfo each = _model.GetForEachStatementInfo(loop);
                    Check(each.GetEnumeratorMethod, loop.Expression);
                    Check(each.MoveNextMethod, loop.Expression);
                    Check(each.CurrentProperty, loop.Expression);
                    break;
            }
        }

        private void Check(ISymbol? symbol, SyntaxNode at)
        {
            switch (symbol)
            {
                case null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol
                    or IDiscardSymbol or ITypeParameterSymbol or IDynamicTypeSymbol:
                    return;
                case IAliasSymbol alias:
                    Check(alias.Target, at);
                    return;
                case IArrayTypeSymbol array:
                    Check(array.ElementType, at);
                    return;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    Report(at, "pointers: not supported by nanoFramework");
                    return;
                case IMethodSymbol { MethodKind: MethodKind.BuiltinOperator } op:
                    if (op.ContainingType?.SpecialType == SpecialType.System_String && op.Name == "op_Addition")
                    {
                        CheckKey("System.String::Concat", at);
                    }

                    return;
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }:
                    return;
                case IMethodSymbol { ReducedFrom: not null } extension:
                    Check(extension.ReducedFrom, at);
                    return;
            }

            if (symbol is IMethodSymbol { IsGenericMethod: true } genericMethod && !genericMethod.IsDefinition)
            {
                Report(at, "generic method " + genericMethod.Name + "<...>: the stable nanoFramework runtime has no generics");
            }

            if (symbol is INamedTypeSymbol type)
            {
                CheckType(type, at);
                return;
            }

            INamedTypeSymbol? owner = symbol.ContainingType;
            if (owner == null || IsFirmware(owner))
            {
                return;
            }

            owner = DeclaringTypeInSurface(owner, symbol, at);
            CheckType(owner, at);
            string key = Keys.Of(owner) + "::" + Keys.MemberName(symbol);
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 0 } && !_surface.Contains(key)
                && _surface.Contains(Keys.Of(owner)) && owner.TypeKind is TypeKind.Class or TypeKind.Struct)
            {
                // The allowlist is read from source: a class without a declared constructor has the implicit one.
                return;
            }

            if (CheckKey(key, at))
            {
                CheckOverload(symbol, key, at);
            }
        }

        /// <summary>
        /// .NET may declare a member on a base class nanoFramework does not have (AutoResetEvent.Set lives on
        /// EventWaitHandle in .NET, on AutoResetEvent itself in nanoFramework). The allowlist lists inherited members
        /// on each derived type, so look the member up on the type the code uses, then its bases, down to .NET's.
        /// </summary>
        private INamedTypeSymbol DeclaringTypeInSurface(INamedTypeSymbol owner, ISymbol symbol, SyntaxNode at)
        {
            MemberAccessExpressionSyntax? access = at switch
            {
                MemberAccessExpressionSyntax m => m,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } => m,
                SimpleNameSyntax name when name.Parent is MemberAccessExpressionSyntax m && m.Name == name => m,
                _ => null,
            };
            if (_surface.Contains(Keys.Of(owner)) || symbol.IsStatic || access == null)
            {
                return owner;
            }

            for (ITypeSymbol? type = _model.GetTypeInfo(access.Expression).Type; type is INamedTypeSymbol named && !SymbolEqualityComparer.Default.Equals(named, owner); type = type.BaseType)
            {
                if (_surface.Contains(Keys.Of(named) + "::" + Keys.MemberName(symbol)))
                {
                    return named;
                }
            }

            return owner;
        }

        private void CheckType(INamedTypeSymbol type, SyntaxNode at)
        {
            if (type.IsTupleType)
            {
                Report(at, "tuple: nanoFramework has no ValueTuple");
                return;
            }

            if (type.IsGenericType && type.TypeArguments.Any(a => a.TypeKind != TypeKind.TypeParameter))
            {
                Report(at, type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                    ? "nullable value type: nanoFramework has no Nullable<T>"
                    : "generic type " + type.ToDisplayString() + ": the stable nanoFramework runtime has no generics");
            }

            if (!IsFirmware(type))
            {
                CheckKey(Keys.Of(type), at);
            }
        }

        private bool CheckKey(string key, SyntaxNode at)
        {
            _keysUsed.Add(key);
            if (!_surface.Contains(key))
            {
                Report(at, key + " is not in nanoFramework's stable API");
                return false;
            }

            if (_packages != null)
            {
                IReadOnlyCollection<string> providers = _surface.PackagesOf(key);
                if (!providers.Any(p => _packages.Contains(p)))
                {
                    Report(at, key + " needs package " + string.Join(" or ", providers) + " in packages.config");
                }
            }

            return true;
        }

        private void CheckOverload(ISymbol symbol, string key, SyntaxNode at)
        {
            string[]? used = symbol switch
            {
                IMethodSymbol method => Signatures.ParameterTypes(method),
                IPropertySymbol { IsIndexer: true } indexer => Signatures.ParameterTypes(indexer),
                _ => null,
            };
            IReadOnlyList<string[]>? declared = _surface.OverloadsOf(key);
            if (used == null || declared == null || declared.Any(d => Signatures.Match(d, used)))
            {
                return;
            }

            Report(at, key + "(" + string.Join(", ", used) + ") has no such overload in nanoFramework; it has: "
                + string.Join(" | ", _surface.DeclarationsOf(key)));
        }

        private bool IsFirmware(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _model.Compilation.Assembly);

        private void Report(SyntaxNode at, string message) => _violations.Add(ApiGate.At(at.GetLocation(), message));
    }
}
