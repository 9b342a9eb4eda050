using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Smile.Firmware.ApiGate
{
    /// <summary>Allowlist keys of Roslyn symbols: "Namespace.Outer.Inner`N" and "Type::Member" (::.ctor, ::Item).</summary>
    public static class Keys
    {
        public static string Of(INamedTypeSymbol type)
        {
            var names = new Stack<string>();
            for (INamedTypeSymbol? t = type.OriginalDefinition; t != null; t = t.ContainingType)
            {
                names.Push(t.MetadataName);
            }

            string ns = type.ContainingNamespace == null || type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".";
            return ns + string.Join(".", names);
        }

        public static string MemberName(ISymbol member)
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }:
                    return ".ctor";
                case IMethodSymbol { AssociatedSymbol: IPropertySymbol property }:
                    return MemberName(property);
                case IMethodSymbol { AssociatedSymbol: IEventSymbol e }:
                    return e.Name;
                case IPropertySymbol { IsIndexer: true }:
                    return "Item";
                default:
                    return member.Name;
            }
        }
    }
}
