using System.Linq;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The gate must be shown to fail: each snippet uses something the stable nanoFramework line lacks.</summary>
    public class GateRejectsTests : IClassFixture<GateFixture>
    {
        private readonly GateFixture _fixture;

        public GateRejectsTests(GateFixture fixture) => _fixture = fixture;

        [Fact]
        public void Code_within_the_surface_passes()
        {
            var violations = _fixture.CheckSnippet(@"
using System;
using System.Collections;
namespace Probe
{
    public sealed class Node
    {
        private readonly ArrayList _items = new ArrayList();
        public string Describe(int n, byte[] data)
        {
            _items.Add(n);
            string text = ""n="" + n.ToString() + "" len="" + data.Length;
            foreach (object item in _items) { text += item.ToString(); }
            return text.Substring(0, 1).ToUpper() + $""{n}"";
        }
    }
}");
            Assert.Empty(violations);
        }

        [Theory]
        [InlineData("string.Join(\",\", new[] { \"a\" })", "System.String::Join is not in nanoFramework's stable API")]
        [InlineData("new System.Collections.Generic.List<int>().Count.ToString()", "generic type System.Collections.Generic.List<int>")]
        [InlineData("System.Linq.Enumerable.Count(new int[1]).ToString()", "System.Linq.Enumerable is not in nanoFramework's stable API")]
        [InlineData("\"a\".Replace(\"a\", \"b\")", "System.String::Replace is not in nanoFramework's stable API")]
        [InlineData("System.Threading.Tasks.Task.CompletedTask.ToString()", "System.Threading.Tasks.Task is not in nanoFramework's stable API")]
        [InlineData("System.DateTime.Now.ToString()", "System.DateTime::Now is not in nanoFramework's stable API")]
        [InlineData("(1, 2).ToString()", "tuple: nanoFramework has no ValueTuple")]
        [InlineData("Math.Round(1.5, 1).ToString()", "System.Math::Round(Double, Int32) has no such overload")]
        public void Missing_api_is_rejected_with_its_key_and_line(string expression, string expected)
        {
            var violations = _fixture.CheckSnippet("using System;\nnamespace Probe { public static class P {\npublic static string F() => " + expression + "; } }",
                "nanoFramework.CoreLibrary", "nanoFramework.System.Math");

            Assert.Contains(violations, v => v.Message.Contains(expected) && v.Line == 3 && v.File == "Probe.cs");
        }

        [Theory]
        [InlineData("public static T Id<T>(T x) => x;", "generic declaration")]
        [InlineData("public static int? Maybe() => null;", "nullable value type int?")]
        [InlineData("public static async System.Threading.Tasks.Task Run() { await System.Threading.Tasks.Task.Yield(); }", "async")]
        [InlineData("public static object Q(int[] a) => from x in a select x;", "LINQ query syntax")]
        [InlineData("public record R(int A);", "record")]
        public void Language_features_the_runtime_lacks_are_rejected(string member, string expected)
        {
            var violations = _fixture.CheckSnippet("using System; using System.Linq;\nnamespace Probe { public static class P {\n" + member + " } }");

            Assert.Contains(violations, v => v.Message.Contains(expected));
        }

        [Fact]
        public void Api_from_a_package_the_project_does_not_list_is_rejected()
        {
            const string source = "namespace Probe { public static class P { public static double F(double x) => System.Math.Floor(x); } }";

            Assert.Contains(_fixture.CheckSnippet(source, "nanoFramework.CoreLibrary"),
                v => v.Message == "System.Math::Floor needs package nanoFramework.System.Math in packages.config");
            Assert.Empty(_fixture.CheckSnippet(source, "nanoFramework.CoreLibrary", "nanoFramework.System.Math"));
        }

        [Fact]
        public void Source_that_does_not_compile_is_rejected()
        {
            var violations = _fixture.CheckSnippet("namespace Probe { public static class P { public static int F() => Missing(); } }");

            Assert.Contains(violations, v => v.Message.StartsWith("does not compile: CS0103"));
        }
    }
}
