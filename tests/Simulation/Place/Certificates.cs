using System.IO;

namespace Smile.Simulation.Place
{
    /// <summary>A throw-away CA, a broker certificate for localhost/127.0.0.1 and a client certificate, made with openssl.</summary>
    public static class Certificates
    {
        public static void Make(string folder)
        {
            string F(string name) => Path.Combine(folder, name);
            ProcessRunner.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.crt"), "-days", "2", "-subj", "/CN=Smile Test CA");
            File.WriteAllText(F("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            Issue(folder, "server", "/CN=localhost", F("server.ext"));
            File.WriteAllText(F("client.ext"), "extendedKeyUsage=clientAuth\n");
            Issue(folder, "client", "/CN=gateway", F("client.ext"));
        }

        private static void Issue(string folder, string name, string subject, string extensions)
        {
            string F(string file) => Path.Combine(folder, file);
            ProcessRunner.Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", F(name + ".key"), "-out", F(name + ".csr"), "-subj", subject);
            ProcessRunner.Run("openssl", "x509", "-req", "-in", F(name + ".csr"), "-CA", F("ca.crt"), "-CAkey", F("ca.key"), "-CAcreateserial",
                "-out", F(name + ".crt"), "-days", "2", "-extfile", extensions);
        }
    }
}
