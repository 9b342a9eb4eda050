using System;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography;
using Smile.Nodectl.Provision;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl ca: the Smile Place's certificate authority and the broker's TLS certificate (SiteCertificates). Run
    /// again with the same folder to renew the server certificate from the same CA. Exit 0 on success, 2 when the
    /// folder or the hosts are unusable.
    /// </summary>
    public static class CaCommand
    {
        public static Command Create()
        {
            var output = new Option<DirectoryInfo>("--out", "-o") { Description = "folder of ca.crt, ca.key, server.crt, server.key (keep ca.key off the Pi)", DefaultValueFactory = _ => new DirectoryInfo("site-ca") };
            var hosts = new Option<string[]>("--host") { Description = "the broker's name or IP address as nodes reach it (repeat for more)", AllowMultipleArgumentsPerToken = true, Required = true };
            var command = new Command("ca", "a site CA and the broker's TLS server certificate (ECDSA P-256; CA 10 years, server 2 years)") { output, hosts };
            command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(hosts)!));
            return command;
        }

        public static int Run(DirectoryInfo output, string[] hosts)
        {
            var certificates = new SiteCertificates(output.FullName);
            bool created;
            try
            {
                created = certificates.Issue(hosts, DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException)
            {
                Console.Error.WriteLine("nodectl ca: " + e.Message);
                return 2;
            }

            Console.WriteLine((created ? "new site CA " : "kept the site CA ") + certificates.CaCertificatePath + "; server certificate for " + string.Join(", ", hosts)
                + " in " + output.FullName + ". Install server.crt and server.key on the Pi (docs/operations.md, \"Install on a Raspberry Pi\"), give ca.crt to nodectl provision --ca-file, keep ca.key offline.");
            return 0;
        }
    }
}
