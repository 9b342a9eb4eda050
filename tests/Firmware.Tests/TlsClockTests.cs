using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Smile.Simulation;
using Xunit;
using Cause = nanoFramework.Hardware.Esp32.Sleep.WakeupCause;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// After a power cut the ESP32's RTC starts at 1970, and TLS rejects every certificate as not yet valid. A node with
    /// a CA must wait for SNTP before its handshake (WifiNetworkHelper's requiresDateTime), within its wake budget.
    /// </summary>
    [Collection("simulated board")]
    public sealed class TlsClockTests : IDisposable
    {
        private static readonly string Ca = SelfSignedCa();
        private readonly SimulatedNode _node = new SimulatedNode();
        private readonly TcpListener _broker = new TcpListener(IPAddress.Loopback, 0);

        public TlsClockTests()
        {
            SimulatedBoard.RtcUtc = new DateTime(1970, 1, 1, 0, 0, 5, DateTimeKind.Utc);
            _broker.Start();
            // A TCP peer that hangs up: the handshake starts, then fails, quickly.
            new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        _broker.AcceptTcpClient().Close();
                    }
                }
                catch (SocketException)
                {
                }
            }) { IsBackground = true }.Start();
        }

        public void Dispose()
        {
            _broker.Stop();
            _node.Dispose();
        }

        [Fact]
        public void From_a_1970_clock_the_handshake_waits_for_sntp()
        {
            SimulatedBoard.SntpDelay = TimeSpan.FromSeconds(1);
            _node.Provision(Config());

            _node.Wake(Cause.Undefined);

            Assert.NotEmpty(SimulatedBoard.TlsHandshakeYears);
            Assert.All(SimulatedBoard.TlsHandshakeYears, year => Assert.True(year >= 2021, "a handshake began at " + year));
        }

        [Fact]
        public void Without_sntp_no_handshake_is_tried_and_the_node_sleeps_within_its_budget()
        {
            SimulatedBoard.SntpDelay = null;
            _node.Provision(Config());

            _node.Wake(Cause.Undefined);

            Assert.Empty(SimulatedBoard.TlsHandshakeYears);
            Assert.True(_node.LastWake < TimeSpan.FromSeconds(6), "awake for " + _node.LastWake);
        }

        private static string SelfSignedCa()
        {
            using var key = System.Security.Cryptography.ECDsa.Create();
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=smile-place-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            return certificate.ExportCertificatePem() + "\n";
        }

        private string Config() => SimulatedNode.Config(SimulatedNode.Wifi("127.0.0.1", ((IPEndPoint)_broker.LocalEndpoint).Port,
            @", ""WakeBudgetMs"": 4000, ""MqttCaCertificate"": """ + Ca.Replace("\n", "\\n") + @""""));
    }
}
