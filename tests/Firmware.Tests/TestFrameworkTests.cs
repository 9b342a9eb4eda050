using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CleanupAttribute = nanoFramework.TestFramework.CleanupAttribute;
using SetupAttribute = nanoFramework.TestFramework.SetupAttribute;
using TestClassAttribute = nanoFramework.TestFramework.TestClassAttribute;
using TestMethodAttribute = nanoFramework.TestFramework.TestMethodAttribute;
using Xunit;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// Runs the firmware's nanoFramework.TestFramework tests (firmware/Smile.Node.Tests, written once for the device
    /// and the nanoclr emulator) under xunit: every [TestMethod] of every [TestClass] is one case here, with the
    /// class's [Setup] before and [Cleanup] after, invoked as the nanoFramework launcher does.
    /// </summary>
    public class TestFrameworkTests
    {
        private static readonly Assembly Tests = typeof(Smile.Node.Tests.ConfigTests).Assembly;

        public static IEnumerable<object[]> Cases() =>
            Tests.GetTypes()
                .Where(t => t.GetCustomAttribute<TestClassAttribute>() != null)
                .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null)
                    .Select(m => new object[] { t.Name + "." + m.Name }))
                .OrderBy(c => (string)c[0]);

        [Fact]
        public void The_firmware_test_project_has_tests()
        {
            Assert.True(Cases().Count() >= 20, "found " + Cases().Count());
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Firmware_test(string name)
        {
            string[] parts = name.Split('.');
            Type type = Tests.GetTypes().Single(t => t.Name == parts[0] && t.GetCustomAttribute<TestClassAttribute>() != null);
            MethodInfo method = type.GetMethod(parts[1])!;
            object? target = method.IsStatic ? null : Activator.CreateInstance(type);
            Invoke(type, target, typeof(SetupAttribute));
            try
            {
                method.Invoke(target, null);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
            finally
            {
                Invoke(type, target, typeof(CleanupAttribute));
            }
        }

        private static void Invoke(Type type, object? target, Type attribute)
        {
            foreach (MethodInfo m in type.GetMethods().Where(m => m.GetCustomAttribute(attribute) != null))
            {
                m.Invoke(m.IsStatic ? null : target, null);
            }
        }
    }
}
