using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// Parameter lists as simple CLR type names ("Double", "Byte[]", "*" for a type parameter), read from a C#
    /// declaration in the signatures file or from a Roslyn method, so the two can be compared.
    /// </summary>
    public static class Signatures
    {
        private static readonly Dictionary<string, string> Keywords = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bool"] = "Boolean", ["byte"] = "Byte", ["sbyte"] = "SByte", ["char"] = "Char", ["short"] = "Int16",
            ["ushort"] = "UInt16", ["int"] = "Int32", ["uint"] = "UInt32", ["long"] = "Int64", ["ulong"] = "UInt64",
            ["float"] = "Single", ["double"] = "Double", ["decimal"] = "Decimal", ["string"] = "String",
            ["object"] = "Object", ["void"] = "Void",
        };

        private static readonly HashSet<string> Modifiers = new HashSet<string>(StringComparer.Ordinal) { "params", "ref", "out", "in", "this", "scoped", "readonly" };

        /// <summary>Parameter types of a method, constructor or indexer declaration; null for other members.</summary>
        public static string[]? ParameterTypes(string key, string declaration)
        {
            int separator = key.IndexOf("::", StringComparison.Ordinal);
            if (separator < 0)
            {
                return null;
            }

            string member = key.Substring(separator + 2);
            char open = member == "Item" ? '[' : '(';
            char close = member == "Item" ? ']' : ')';
            string typeName = key.Substring(0, separator);
            string name = member == ".ctor" ? typeName.Substring(typeName.LastIndexOf('.') + 1).Split('`')[0] : member == "Item" ? "this" : member;
            int at = FindCall(declaration, name, open);
            if (at < 0)
            {
                return null;
            }

            int end = Matching(declaration, at, open, close);
            if (end < 0)
            {
                return null;
            }

            string inner = declaration.Substring(at + 1, end - at - 1).Trim();
            var typeParameters = TypeParameters(declaration, at);
            return inner.Length == 0 ? Array.Empty<string>() : SplitTopLevel(inner).Select(p => ParameterType(p, typeParameters)).ToArray();
        }

        public static string[] ParameterTypes(IMethodSymbol method)
        {
            return method.Parameters.Select(p => Simple(p.Type)).ToArray();
        }

        public static string[] ParameterTypes(IPropertySymbol indexer)
        {
            return indexer.Parameters.Select(p => Simple(p.Type)).ToArray();
        }

        public static bool Match(string[] declared, string[] used)
        {
            if (declared.Length != used.Length)
            {
                return false;
            }

            for (int i = 0; i < declared.Length; i++)
            {
                if (declared[i] != "*" && used[i] != "*" && declared[i] != used[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Simple(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return Simple(array.ElementType) + "[]";
                case ITypeParameterSymbol:
                    return "*";
                default:
                    return type.MetadataName;
            }
        }

        private static int FindCall(string declaration, string name, char open)
        {
            int from = 0;
            while (true)
            {
                int at = declaration.IndexOf(name, from, StringComparison.Ordinal);
                if (at < 0)
                {
                    return -1;
                }

                int after = at + name.Length;
                bool startsWord = at == 0 || !(char.IsLetterOrDigit(declaration[at - 1]) || declaration[at - 1] == '_');
                while (after < declaration.Length && declaration[after] == ' ')
                {
                    after++;
                }

                if (after < declaration.Length && declaration[after] == '<')
                {
                    after = Matching(declaration, after, '<', '>') + 1;
                }

                if (startsWord && after > 0 && after < declaration.Length && declaration[after] == open)
                {
                    return after;
                }

                from = at + name.Length;
            }
        }

        private static int Matching(string text, int at, char open, char close)
        {
            int depth = 0;
            for (int i = at; i < text.Length; i++)
            {
                if (text[i] == open)
                {
                    depth++;
                }
                else if (text[i] == close && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private static HashSet<string> TypeParameters(string declaration, int parametersAt)
        {
            int lt = declaration.LastIndexOf('<', parametersAt);
            int gt = lt < 0 ? -1 : Matching(declaration, lt, '<', '>');
            if (lt < 0 || gt < 0 || gt > parametersAt)
            {
                return new HashSet<string>();
            }

            return new HashSet<string>(declaration.Substring(lt + 1, gt - lt - 1).Split(',').Select(s => s.Trim().Split(' ').Last()));
        }

        private static IEnumerable<string> SplitTopLevel(string text)
        {
            int depth = 0, start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '<' || c == '(' || c == '[')
                {
                    depth++;
                }
                else if (c == '>' || c == ')' || c == ']')
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                }
            }

            yield return text.Substring(start);
        }

        private static string ParameterType(string parameter, HashSet<string> typeParameters)
        {
            string p = parameter;
            int equals = p.IndexOf('=');
            if (equals >= 0)
            {
                p = p.Substring(0, equals);
            }

            while (p.TrimStart().StartsWith("[", StringComparison.Ordinal))
            {
                p = p.Substring(Matching(p, p.IndexOf('['), '[', ']') + 1);
            }

            var tokens = p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !Modifiers.Contains(t)).ToList();
            string type = string.Join("", tokens.Take(Math.Max(1, tokens.Count - 1)));
            return Normalize(type, typeParameters);
        }

        private static string Normalize(string type, HashSet<string> typeParameters)
        {
            string suffix = "";
            type = type.Replace("?", "");
            while (type.EndsWith("[]", StringComparison.Ordinal))
            {
                suffix += "[]";
                type = type.Substring(0, type.Length - 2);
            }

            int generic = type.IndexOf('<');
            string arity = "";
            if (generic >= 0)
            {
                arity = "`" + SplitTopLevel(type.Substring(generic + 1, type.Length - generic - 2)).Count();
                type = type.Substring(0, generic);
            }

            type = type.Substring(type.LastIndexOf('.') + 1);
            if (typeParameters.Contains(type))
            {
                return "*" + suffix;
            }

            return (Keywords.TryGetValue(type, out string? clr) ? clr : type) + arity + suffix;
        }
    }
}
