using System.Linq;
using Xunit;

namespace Smile.Firmware.ApiGate.Tests
{
    /// <summary>The gate must be shown to fail: one snippet per kind of mistake the old, key-based gate let through or would.</summary>
    public class GateRejectsTests : IClassFixture<GateFixture>
    {
        private readonly GateFixture _fixture;

        public GateRejectsTests(GateFixture fixture) => _fixture = fixture;

        [Fact]
        public void Code_within_the_stable_api_compiles()
        {
            var violations = _fixture.CheckSnippet(@"
using System;
using System.Collections;
using System.Device.Gpio;
using nanoFramework.Hardware.Esp32;
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
            EspNativeError e = Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(1));
            using (var gpio = new GpioController()) { text += gpio.OpenPin(4, PinMode.InputPullUp).Read() == PinValue.Low ? ""L"" : ""H""; }
            return text.Substring(0, 1).ToUpper() + $""{n}"" + (e == EspNativeError.OK);
        }
    }
}", "nanoFramework.Hardware.Esp32", "nanoFramework.System.Device.Gpio", "nanoFramework.Runtime.Events");

            Assert.Empty(violations);
        }

        [Theory]
        // A generic collection: System.Collections.Generic.List<T> does not exist on the stable line.
        [InlineData("new System.Collections.Generic.List<int>().Count.ToString()", "CS0234")]
        // A member only the host shim had: MqttMsgPublishEventArgs(string, byte[]).
        [InlineData("new nanoFramework.M2Mqtt.Messages.MqttMsgPublishEventArgs(\"t\", new byte[1]).Topic", "CS7036")]
        // A shim-only overload: Bme280 has no constructor taking a bus id.
        [InlineData("new Iot.Device.Bmxx80.Bme280(1).ToString()", "CS1503")]
        // A wrong return type: EnableWakeupByTimer returns EspNativeError, not bool.
        [InlineData("nanoFramework.Hardware.Esp32.Sleep.EnableWakeupByTimer(System.TimeSpan.Zero) ? \"a\" : \"b\"", "CS0029")]
        // A property called as a method: SerialPort.IsOpen is a property.
        [InlineData("new System.IO.Ports.SerialPort(\"COM2\").IsOpen().ToString()", "CS1955")]
        // A constructor nanoFramework keeps internal: a GpioPin comes only from GpioController.OpenPin.
        [InlineData("new System.Device.Gpio.GpioPin().PinNumber.ToString()", "CS1729")]
        // Static vs instance: GpioController.Read is an instance method.
        [InlineData("System.Device.Gpio.GpioController.Read(1).ToString()", "CS0120")]
        // 2.0 preview API: Span<T> exists only on the generics line.
        [InlineData("new System.Span<byte>(new byte[1]).Length.ToString()", "CS0234")]
        // Missing BCL basics.
        [InlineData("string.Join(\",\", new[] { \"a\" })", "CS0117")]
        [InlineData("\"a\".Replace(\"a\", \"b\")", "CS1061")]
        [InlineData("System.DateTime.Now.ToString()", "CS0117")]
        [InlineData("System.Math.Round(1.5, 1).ToString()", "CS1501")]
        [InlineData("(1, 2).ToString()", "CS8179")]
        public void Api_nanoframework_lacks_does_not_compile(string expression, string error)
        {
            var violations = _fixture.CheckSnippet("using System;\nnamespace Probe { public static class P {\npublic static string F() => " + expression + "; } }",
                "nanoFramework.System.Math", "nanoFramework.M2Mqtt", "nanoFramework.Iot.Device.Bmxx80", "nanoFramework.System.Device.I2c",
                "nanoFramework.Hardware.Esp32", "nanoFramework.System.IO.Ports", "nanoFramework.System.Device.Gpio", "nanoFramework.Runtime.Events",
                "nanoFramework.System.Collections", "nanoFramework.System.Net", "nanoFramework.System.IO.Streams", "UnitsNet.nanoFramework.Temperature",
                "UnitsNet.nanoFramework.Pressure", "UnitsNet.nanoFramework.RelativeHumidity", "UnitsNet.nanoFramework.Length");

            Assert.Contains(violations, v => v.Message.StartsWith(error) && v.Line == 3 && v.File == "Probe.cs");
        }

        [Theory]
        [InlineData("public static T Id<T>(T x) => x;", "generic declaration")]
        [InlineData("public static void Run(Action<int> a) => a(1);", "generic System.Action<int>")]
        [InlineData("public static int? Maybe() => null;", "CS0518")]
        [InlineData("public static async System.Threading.Tasks.Task Run() { await System.Threading.Tasks.Task.Yield(); }", "CS0234")]
        [InlineData("public static object Q(int[] a) => from x in a select x;", "CS1935")]
        [InlineData("public record R(int A);", "CS0518")]
        public void Language_features_the_runtime_lacks_are_rejected(string member, string expected)
        {
            var violations = _fixture.CheckSnippet("using System;\nnamespace Probe { public static class P {\n" + member + " } }");

            Assert.Contains(violations, v => v.Message.Contains(expected));
        }

        [Fact]
        public void Api_from_a_package_the_project_does_not_list_is_rejected_naming_the_package()
        {
            const string source = "namespace Probe { public static class P { public static double F(double x) => System.Math.Floor(x); } }";

            Assert.Contains(_fixture.CheckSnippet(source), v => v.Message.Contains("(declared in package nanoFramework.System.Math, which packages.config does not list)"));
            Assert.Empty(_fixture.CheckSnippet(source, "nanoFramework.System.Math"));
        }
    }
}
