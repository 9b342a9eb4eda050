using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    /// <summary>The MSTest-style asserts of nanoFramework.TestFramework 3.x; a failure throws <see cref="AssertFailedException"/>.</summary>
    public sealed class Assert
    {
        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(char expected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(double expected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected.Equals(actual), expected, actual, message);

        public static void AreEqual(float expected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected.Equals(actual), expected, actual, message);

        public static void AreEqual(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(long expected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(Equals(expected, actual), expected, actual, message);

        public static void AreEqual(string expected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") => Check(expected == actual, expected, actual, message);

        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (notExpected == actual)
            {
                throw new AssertFailedException("AreNotEqual failed: both are " + actual + ". " + message);
            }
        }

        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") => Check(condition, true, false, message);

        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") => Check(!condition, false, true, message);

        public static void IsNull(object value, [CallerArgumentExpression(nameof(value))] string message = "") => Check(value == null, "null", value, message);

        public static void IsNotNull([NotNull] object value, [CallerArgumentExpression(nameof(value))] string message = "")
        {
            if (value == null)
            {
                throw new AssertFailedException("IsNotNull failed. " + message);
            }
        }

        private static void Check(bool ok, object? expected, object? actual, string message)
        {
            if (!ok)
            {
                throw new AssertFailedException("expected " + (expected ?? "null") + ", actual " + (actual ?? "null") + ". " + message);
            }
        }
    }

    internal sealed class AssertFailedException : Exception
    {
        public AssertFailedException(string message)
            : base(message)
        {
        }
    }
}
