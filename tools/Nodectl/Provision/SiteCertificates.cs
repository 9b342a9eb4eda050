using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// A Smile Place's own certificate authority and the broker's server certificate, so nodes can check they talk to
    /// their broker (TLS on 8883) without a public CA. ECDSA P-256: small enough for the ESP32's mbedTLS, fast to
    /// verify at every wake. The CA lives 10 years (it is in every node's flash; changing it means re-provisioning
    /// every node); the server certificate 2 years and is re-issued from the same CA without touching the nodes.
    /// Keys are written owner-only from the start.
    /// </summary>
    public sealed class SiteCertificates
    {
        public const string CaCertificateFile = "ca.crt";
        public const string CaKeyFile = "ca.key";
        public const string ServerCertificateFile = "server.crt";
        public const string ServerKeyFile = "server.key";

        private readonly string _folder;

        public SiteCertificates(string folder)
        {
            _folder = folder;
        }

        public string CaCertificatePath => Path.Combine(_folder, CaCertificateFile);

        /// <summary>
        /// Makes the CA unless the folder already has one (then it is reused: the nodes already trust it), and a new
        /// server certificate for the host names and addresses the nodes use as MqttHost. Returns whether the CA is new.
        /// </summary>
        public bool Issue(IReadOnlyList<string> hosts, DateTimeOffset now)
        {
            if (hosts.Count == 0)
            {
                throw new ArgumentException("name at least one --host: the broker's name or address as the nodes' MqttHost has it");
            }

            Directory.CreateDirectory(_folder);
            bool created = !File.Exists(CaCertificatePath);
            using X509Certificate2 ca = created ? CreateCa(hosts[0], now) : LoadCa();
            using X509Certificate2 server = CreateServer(ca, hosts, now);
            using ECDsa serverKey = server.GetECDsaPrivateKey()!;
            SecretFile.Write(Path.Combine(_folder, ServerKeyFile), serverKey.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(Path.Combine(_folder, ServerCertificateFile), server.ExportCertificatePem() + "\n");
            return created;
        }

        private X509Certificate2 CreateCa(string host, DateTimeOffset now)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Smile Place CA " + host + ", O=Smile", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            X509Certificate2 ca = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
            SecretFile.Write(Path.Combine(_folder, CaKeyFile), key.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem() + "\n");
            return ca;
        }

        private X509Certificate2 LoadCa()
        {
            string keyPath = Path.Combine(_folder, CaKeyFile);
            if (!File.Exists(keyPath))
            {
                throw new InvalidDataException(CaCertificatePath + " has no " + CaKeyFile + " beside it: the server certificate cannot be signed without the CA's key");
            }

            return X509Certificate2.CreateFromPemFile(CaCertificatePath, keyPath);
        }

        private static X509Certificate2 CreateServer(X509Certificate2 ca, IReadOnlyList<string> hosts, DateTimeOffset now)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + hosts[0] + ", O=Smile", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            foreach (string host in hosts)
            {
                if (IPAddress.TryParse(host, out IPAddress? address))
                {
                    names.AddIpAddress(address);
                }
                else
                {
                    names.AddDnsName(host);
                }
            }

            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

            // Never beyond the CA: a chain with a certificate outliving its issuer fails to verify.
            DateTimeOffset notAfter = now.AddYears(2) < ca.NotAfter ? now.AddYears(2) : new DateTimeOffset(ca.NotAfter);
            using X509Certificate2 signed = request.Create(ca, now.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(16));
            return signed.CopyWithPrivateKey(key);
        }
    }
}
