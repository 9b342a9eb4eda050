using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// Compares a host shim's public surface with nanoFramework's: every public or protected type and member a shim
    /// declares outside the Smile.* namespaces (its simulation side) must exist in the reference assemblies with the
    /// same kind, static-ness, return type and parameters, and a shim type must implement the interfaces the real type
    /// implements and no others. A shim may flatten a base class into the derived type, never invent one.
    /// </summary>
    public static class ShimSurface
    {
        private static readonly SymbolDisplayFormat Format = new SymbolDisplayFormat(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        public static IReadOnlyList<string> Differences(string shimPath, ReferenceAssemblies real)
        {
            string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var shimReference = MetadataReference.CreateFromFile(shimPath);
            var shimCompilation = CSharpCompilation.Create("shim", references: platform.Split(System.IO.Path.PathSeparator)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).Append(shimReference));
            var realReferences = real.Assemblies.Select(real.Reference).ToList();
            var realCompilation = CSharpCompilation.Create("real", references: realReferences);
            var realAssemblies = realReferences.Select(r => (IAssemblySymbol)realCompilation.GetAssemblyOrModuleSymbol(r)!).ToList();
            var shim = (IAssemblySymbol)shimCompilation.GetAssemblyOrModuleSymbol(shimReference)!;

            var differences = new List<string>();
            foreach (INamedTypeSymbol type in AllTypes(shim.GlobalNamespace).Where(IsNanoFrameworkSurface))
            {
                string name = type.ToDisplayString(Format);
                INamedTypeSymbol? original = realAssemblies.Select(a => a.GetTypeByMetadataName(MetadataName(type))).FirstOrDefault(t => t != null);
                if (original == null)
                {
                    differences.Add(name + ": nanoFramework has no such public type");
                    continue;
                }

                differences.AddRange(CompareType(type, original).Select(d => name + ": " + d));
            }

            return differences;
        }

        private static IEnumerable<string> CompareType(INamedTypeSymbol shim, INamedTypeSymbol real)
        {
            if (shim.TypeKind != real.TypeKind)
            {
                yield return "is a " + shim.TypeKind + ", nanoFramework's is a " + real.TypeKind;
                yield break;
            }

            if (shim.IsStatic != real.IsStatic)
            {
                yield return (shim.IsStatic ? "static" : "not static") + ", nanoFramework's is " + (real.IsStatic ? "static" : "not static");
            }

            if (shim.TypeKind == TypeKind.Enum)
            {
                foreach (string d in CompareEnum(shim, real))
                {
                    yield return d;
                }

                yield break;
            }

            var realBases = Bases(real).Select(b => b.ToDisplayString(Format)).ToList();
            foreach (INamedTypeSymbol b in Bases(shim).Where(b => !realBases.Contains(b.ToDisplayString(Format))))
            {
                yield return "derives from " + b.ToDisplayString(Format) + ", which nanoFramework's does not";
            }

            var shimInterfaces = OwnInterfaces(shim);
            var realInterfaces = OwnInterfaces(real);
            foreach (string i in shimInterfaces.Except(realInterfaces))
            {
                yield return "implements " + i + ", which nanoFramework's does not";
            }

            foreach (string i in realInterfaces.Except(shimInterfaces))
            {
                yield return "does not implement " + i + ", which nanoFramework's does";
            }

            var realMembers = new HashSet<string>(Chain(real).SelectMany(t => t.GetMembers()).Where(Visible).SelectMany(Signatures), StringComparer.Ordinal);
            foreach (ISymbol member in shim.GetMembers().Where(Visible).Where(m => shim.TypeKind != TypeKind.Delegate || m.Name == "Invoke"))
            {
                foreach (string signature in Signatures(member).Where(s => !realMembers.Contains(s)))
                {
                    yield return "member " + signature + " is not in nanoFramework";
                }
            }
        }

        private static IEnumerable<string> CompareEnum(INamedTypeSymbol shim, INamedTypeSymbol real)
        {
            if (!SameName(shim.EnumUnderlyingType!, real.EnumUnderlyingType!))
            {
                yield return "enum of " + shim.EnumUnderlyingType!.ToDisplayString(Format) + ", nanoFramework's is of " + real.EnumUnderlyingType!.ToDisplayString(Format);
            }

            var values = real.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToDictionary(f => f.Name, f => Convert.ToDecimal(f.ConstantValue));
            foreach (IFieldSymbol field in shim.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
            {
                if (!values.TryGetValue(field.Name, out decimal value))
                {
                    yield return "enum member " + field.Name + " is not in nanoFramework";
                }
                else if (value != Convert.ToDecimal(field.ConstantValue))
                {
                    yield return "enum member " + field.Name + " = " + field.ConstantValue + ", nanoFramework's = " + value;
                }
            }
        }

        private static bool SameName(ITypeSymbol a, ITypeSymbol b) => a.ToDisplayString(Format) == b.ToDisplayString(Format);

        /// <summary>A property is one signature per accessor a caller can use: a public setter nanoFramework lacks is a difference.</summary>
        private static IEnumerable<string> Signatures(ISymbol member)
        {
            if (member is IPropertySymbol property)
            {
                foreach (IMethodSymbol? accessor in new[] { property.GetMethod, property.SetMethod })
                {
                    if (accessor != null && accessor.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
                    {
                        yield return Signature(member) + (SymbolEqualityComparer.Default.Equals(accessor, property.GetMethod) ? " get" : " set");
                    }
                }

                yield break;
            }

            yield return Signature(member);
        }

        private static string Signature(ISymbol member)
        {
            string stat = member.IsStatic ? "static " : "";
            switch (member)
            {
                case IMethodSymbol method:
                    string parameters = string.Join(", ", method.Parameters.Select(p => (p.RefKind == RefKind.None ? "" : p.RefKind.ToString().ToLowerInvariant() + " ") + p.Type.ToDisplayString(Format)));
                    string name = method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name;
                    return stat + "method " + method.ReturnType.ToDisplayString(Format) + " " + name + "(" + parameters + ")";
                case IPropertySymbol property:
                    string indexer = property.IsIndexer ? "[" + string.Join(", ", property.Parameters.Select(p => p.Type.ToDisplayString(Format))) + "]" : "";
                    return stat + "property " + property.Type.ToDisplayString(Format) + " " + property.Name + indexer;
                case IEventSymbol e:
                    return stat + "event " + e.Type.ToDisplayString(Format) + " " + e.Name;
                case IFieldSymbol field:
                    return stat + (field.IsConst ? "const " : "field ") + field.Type.ToDisplayString(Format) + " " + field.Name;
                default:
                    return member.Kind + " " + member.Name;
            }
        }

        /// <summary>
        /// What a caller can use: public and protected members, including C#'s implicit constructor (a shim class
        /// without a constructor offers `new X()`, which must exist in nanoFramework too), but not other compiler-made ones.
        /// </summary>
        private static bool Visible(ISymbol member) =>
            member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
            && (!member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType.TypeKind: TypeKind.Class })
            && member is not INamedTypeSymbol
            && member is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.StaticConstructor };

        /// <summary>Interfaces of the type and of its bases up to the first one from a BCL (.NET or nanoFramework mscorlib).</summary>
        private static HashSet<string> OwnInterfaces(INamedTypeSymbol type)
        {
            INamedTypeSymbol? bcl = Chain(type).Skip(1).FirstOrDefault(IsCoreLibrary);
            var inherited = bcl == null ? new HashSet<string>() : new HashSet<string>(bcl.AllInterfaces.Select(i => i.ToDisplayString(Format)));
            return new HashSet<string>(type.AllInterfaces.Select(i => i.ToDisplayString(Format)).Where(i => !inherited.Contains(i)), StringComparer.Ordinal);
        }

        private static bool IsCoreLibrary(INamedTypeSymbol type) => type.ContainingAssembly.Name is "mscorlib" or "System.Private.CoreLib" or "System.Runtime";

        private static IEnumerable<INamedTypeSymbol> Chain(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t != null; t = t.BaseType)
            {
                yield return t;
            }
        }

        private static IEnumerable<INamedTypeSymbol> Bases(INamedTypeSymbol type) =>
            Chain(type).Skip(1).Where(b => b.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_MulticastDelegate));

        private static bool IsNanoFrameworkSurface(INamedTypeSymbol type) =>
            type.DeclaredAccessibility == Accessibility.Public
            && (type.ContainingType == null || IsNanoFrameworkSurface(type.ContainingType))
            && !type.ToDisplayString(Format).StartsWith("Smile.", StringComparison.Ordinal);

        private static string MetadataName(INamedTypeSymbol type) =>
            type.ContainingType != null ? MetadataName(type.ContainingType) + "+" + type.MetadataName
            : (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + type.MetadataName;

        private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol space)
        {
            foreach (INamespaceOrTypeSymbol member in space.GetMembers())
            {
                if (member is INamespaceSymbol inner)
                {
                    foreach (INamedTypeSymbol t in AllTypes(inner))
                    {
                        yield return t;
                    }
                }
                else if (member is INamedTypeSymbol type)
                {
                    yield return type;
                    foreach (INamedTypeSymbol nested in type.GetTypeMembers())
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}
