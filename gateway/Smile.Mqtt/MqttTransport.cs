using System;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Smile.Mqtt
{
    /// <summary>Opens the byte stream to the broker: TCP, and TLS with the broker's certificate checked unless told not to.</summary>
    internal static class MqttTransport
    {
        public static async Task<(TcpClient Tcp, Stream Stream)> OpenAsync(MqttClientOptions options, MqttEndpoint broker, CancellationToken cancel)
        {
            var tcp = new TcpClient { NoDelay = true };
            try
            {
                await tcp.ConnectAsync(broker.Host, broker.Port, cancel);
                Stream stream = tcp.GetStream();
                if (options.Tls != null)
                {
                    stream = await AuthenticateAsync(stream, options, broker, cancel);
                }

                return (tcp, stream);
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }

        private static async Task<Stream> AuthenticateAsync(Stream inner, MqttClientOptions options, MqttEndpoint broker, CancellationToken cancel)
        {
            MqttTlsOptions tls = options.Tls!;
            X509Certificate2Collection? cas = tls.CaFile == null ? null : LoadCaBundle(tls.CaFile);
            var ssl = new SslStream(inner, false, (_, certificate, chain, errors) => Validate(tls, cas, certificate, errors));
            var authentication = new SslClientAuthenticationOptions
            {
                TargetHost = tls.ServerName ?? broker.Host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            };
            if (tls.ClientCertificateFile != null)
            {
                authentication.ClientCertificates = new X509CertificateCollection
                {
                    X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile),
                };
            }

            try
            {
                await ssl.AuthenticateAsClientAsync(authentication, cancel);
                return ssl;
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// Every certificate in the PEM file: a CA file is often a bundle (old and new CA during a rotation, or a
        /// provider's chain), and trusting only its first certificate fails as soon as that is not the one in use.
        /// </summary>
        private static X509Certificate2Collection LoadCaBundle(string file)
        {
            var cas = new X509Certificate2Collection();
            cas.ImportFromPemFile(file);
            if (cas.Count == 0)
            {
                throw new InvalidDataException("the CA file '" + file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }

            return cas;
        }

        private static bool Validate(MqttTlsOptions tls, X509Certificate2Collection? cas, X509Certificate? certificate, SslPolicyErrors errors)
        {
            if (tls.AllowUntrustedCertificates)
            {
                return true;
            }

            if (cas == null || certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                // Without our own CA the system trust decides; a name mismatch or a missing certificate always fails.
                return errors == SslPolicyErrors.None;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(cas);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        }
    }
}
