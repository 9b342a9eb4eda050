using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Smile.Firmware.ApiGate
{
    /// <summary>
    /// Turns one library of the signatures file into C# source with the same public declarations and empty bodies: a
    /// reference assembly. No nanoFramework code is in it, only what the file lists: types with their modifiers, bases
    /// and interfaces, members with their return types, static-ness, parameters and defaults, enum values.
    /// </summary>
    public static class StubWriter
    {
        private static readonly Regex Extern = new Regex(@"\bextern\s+", RegexOptions.Compiled);

        public static string Write(ApiSection section, IEnumerable<string> usings, Version version)
        {
            var types = new Dictionary<string, TypeStub>(StringComparer.Ordinal);
            foreach ((string key, string declaration) in section.Entries.Where(e => !e.Key.Contains("::")))
            {
                // A type listed twice (AutoResetEvent is) is declared once.
                if (!types.ContainsKey(key))
                {
                    types.Add(key, new TypeStub(key, Clean(declaration)));
                }
            }

            foreach ((string key, string declaration) in section.Entries.Where(e => e.Key.Contains("::")))
            {
                string typeKey = key.Substring(0, key.IndexOf("::", StringComparison.Ordinal));
                if (!types.TryGetValue(typeKey, out TypeStub? owner))
                {
                    throw new FormatException(section.Assembly + ": member " + key + " of a type the file does not declare");
                }

                string member = Clean(declaration);
                if (!owner.Members.Contains(member))
                {
                    owner.Members.Add(member);
                }
            }

            var roots = new List<TypeStub>();
            foreach (TypeStub type in types.Values)
            {
                int dot = type.Key.LastIndexOf('.');
                if (dot > 0 && types.TryGetValue(type.Key.Substring(0, dot), out TypeStub? outer))
                {
                    outer.Nested.Add(type);
                }
                else
                {
                    roots.Add(type);
                }
            }

            var text = new StringBuilder();
            text.AppendLine("#nullable enable");
            text.AppendLine("#pragma warning disable");
            foreach (string name in usings.Distinct().OrderBy(u => u, StringComparer.Ordinal))
            {
                text.Append("using ").Append(name).AppendLine(";");
            }

            text.Append("[assembly: System.Reflection.AssemblyVersion(\"").Append(version).AppendLine("\")]");
            foreach (var space in roots.GroupBy(t => t.Key.Substring(0, Math.Max(0, t.Key.LastIndexOf('.')))).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append("namespace ").Append(space.Key).AppendLine(" {");
                foreach (TypeStub type in space.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    WriteType(text, type);
                }

                if (space.Any(t => t.Members.Any(m => m.Contains("ValueTypes.", StringComparison.Ordinal))))
                {
                    // Esp32's DeviceFunction values are written with its internal ValueTypes class, which the file
                    // cannot list; its two constants are in shared/reference/nanoframework.md §3.6.
                    text.AppendLine("internal static class ValueTypes { public const int DeviceIndex = 0x100; public const int DeviceType = 0x10000; }");
                }

                text.AppendLine("}");
            }

            return text.ToString();
        }

        private static string Clean(string declaration)
        {
            string d = declaration.StartsWith("(protected) ", StringComparison.Ordinal) ? declaration.Substring(12) : declaration;
            return Extern.Replace(d, "").Trim();
        }

        private static void WriteType(StringBuilder text, TypeStub type)
        {
            string d = type.Declaration;
            if (Regex.IsMatch(d, @"\bdelegate\b"))
            {
                text.Append(d).AppendLine(";");
                return;
            }

            text.Append(d).AppendLine(" {");
            bool isEnum = Regex.IsMatch(d, @"\benum\b");
            bool isInterface = Regex.IsMatch(d, @"\binterface\b");
            bool declaresConstructor = false;
            string simpleName = type.Key.Substring(type.Key.LastIndexOf('.') + 1).Split('`')[0];
            foreach (string member in type.Members)
            {
                if (isEnum)
                {
                    text.Append("    ").Append(EnumMember(member)).AppendLine(",");
                    continue;
                }

                MemberKind kind = KindOf(member, simpleName);
                declaresConstructor |= kind == MemberKind.Constructor;
                text.Append("    ").AppendLine(Member(member, kind, isInterface));
            }

            if (!declaresConstructor && NeedsHiddenConstructor(d, type.Key))
            {
                // The file lists public constructors only, so a class without one has only non-public ones (GpioPin,
                // AdcChannel, MqttSettings): C#'s implicit public one would let `new GpioPin()` through.
                text.Append("    ").Append(Regex.IsMatch(d, @"\babstract\b") ? "private protected " : "private ").Append(simpleName).AppendLine("() { }");
            }

            foreach (TypeStub nested in type.Nested.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                WriteType(text, nested);
            }

            text.AppendLine("}");
        }

        /// <summary>
        /// Classes whose implicit public constructor is real: attributes (used as [TestClass], so the source declares
        /// none) and a few the signatures list without one while their source has none either (checked by hand).
        /// </summary>
        private static readonly string[] ImplicitConstructorIsReal =
        {
            "nanoFramework.Hardware.Esp32.Sleep",
            "nanoFramework.Hardware.Esp32.Configuration",
        };

        private static bool NeedsHiddenConstructor(string declaration, string key) =>
            Regex.IsMatch(declaration, @"\bclass\b") && !Regex.IsMatch(declaration, @"\bstatic\b")
            && !Regex.IsMatch(declaration, @":\s*(System\.)?Attribute\b") && Array.IndexOf(ImplicitConstructorIsReal, key) < 0;

        /// <summary>"Input (implicit = 0)" and "Pin1 = (UInt64)1 &lt;&lt; 1   (= 2)" become "Name = value".</summary>
        private static string EnumMember(string member)
        {
            Match computed = Regex.Match(member, @"^(\w+)\b.*\((?:implicit )?= (-?\w+)\)\s*$");
            return computed.Success ? computed.Groups[1].Value + " = " + computed.Groups[2].Value : member;
        }

        private enum MemberKind
        {
            Constructor,
            Method,
            Property,
            Event,
            Field,
        }

        private static MemberKind KindOf(string member, string simpleName)
        {
            string head = StripAttributes(member);
            if (Regex.IsMatch(head, @"\bevent\b"))
            {
                return MemberKind.Event;
            }

            int paren = head.IndexOf('(');
            int brace = head.IndexOf('{');
            if (brace >= 0 && (paren < 0 || brace < paren || head.Contains("this[")))
            {
                return MemberKind.Property;
            }

            if (paren < 0 || head.IndexOf('=') is int eq && eq >= 0 && eq < paren)
            {
                return MemberKind.Field;
            }

            return Regex.IsMatch(head.Substring(0, paren), @"(^|\s)" + Regex.Escape(simpleName) + @"\s*$") ? MemberKind.Constructor : MemberKind.Method;
        }

        private static string Member(string member, MemberKind kind, bool isInterface)
        {
            bool bodiless = isInterface || Regex.IsMatch(StripAttributes(member), @"\babstract\b");
            switch (kind)
            {
                case MemberKind.Event:
                case MemberKind.Field:
                    return member + ";";
                case MemberKind.Property:
                    return bodiless ? member : Regex.Replace(Regex.Replace(member, @"\bget;", "get => throw null!;"), @"\b(set|init);", "$1 { }");
                case MemberKind.Constructor:
                    return member + " { }";
                default:
                    return member + (bodiless ? ";" : " => throw null!;");
            }
        }

        private static string StripAttributes(string member)
        {
            string m = member.TrimStart();
            while (m.StartsWith("[", StringComparison.Ordinal))
            {
                int depth = 0, i = 0;
                for (; i < m.Length; i++)
                {
                    if (m[i] == '[')
                    {
                        depth++;
                    }
                    else if (m[i] == ']' && --depth == 0)
                    {
                        break;
                    }
                }

                m = m.Substring(i + 1).TrimStart();
            }

            return m;
        }

        private sealed class TypeStub
        {
            public TypeStub(string key, string declaration)
            {
                Key = key;
                Declaration = declaration;
            }

            public string Key { get; }

            public string Declaration { get; }

            public List<string> Members { get; } = new List<string>();

            public List<TypeStub> Nested { get; } = new List<TypeStub>();
        }
    }
}
