using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Setup
{
    /// <summary>
    /// <c>sudo smile-gateway setup --gateway-id … --site … --platform-host … --platform-user … --platform-password …</c>:
    /// the first run on a fresh install. Tries the platform login first and writes nothing when it fails; then the
    /// settings into gateway.json (0640), the login into gateway.env (0600; systemd reads it as root) and starts the
    /// service. Exit codes: 0 done, 1 the platform broker refused or did not answer, 2 bad flags.
    /// </summary>
    public static class SetupCommand
    {
        public static async Task<int> RunAsync(IReadOnlyList<string> args)
        {
            SetupArguments setup;
            try
            {
                setup = SetupArguments.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("smile-gateway setup: " + e.Message);
                Console.Error.WriteLine("usage: smile-gateway setup --gateway-id ID --site SITE --platform-host HOST [--platform-port 8883] --platform-user USER --platform-password PASSWORD [--ca-file FILE] [--no-tls] [--no-start]");
                return 2;
            }

            var options = new GatewayOptions();
            options.Gateway.Id = setup.GatewayId;
            options.Gateway.Site = setup.Site;
            options.Upstream.Host = setup.PlatformHost;
            options.Upstream.Port = setup.PlatformPort;
            options.Upstream.Username = setup.PlatformUser;
            options.Upstream.Password = setup.PlatformPassword;
            options.Upstream.Tls = new TlsSettings { Enabled = setup.Tls, CaFile = setup.CaFile };
            var invalid = new GatewayOptionsValidator().Validate(null, options);
            if (invalid.Failed)
            {
                Console.Error.WriteLine("smile-gateway setup: " + invalid.FailureMessage);
                return 2;
            }

            Console.WriteLine("platform broker: connecting to " + setup.PlatformHost + ":" + setup.PlatformPort + (setup.Tls ? " (TLS, certificate verified)" : " (no TLS)"));
            if (await BrokerProbe.TryAsync(options.Upstream) is string error)
            {
                Console.Error.WriteLine("smile-gateway setup: the platform broker refused or did not answer: " + error + ". Nothing was written.");
                return 1;
            }

            Console.WriteLine("platform broker: logged in as " + (setup.PlatformUser ?? "(anonymous)"));
            WriteConfig(setup);
            WriteEnv(setup);
            Console.WriteLine("wrote " + setup.ConfigFile + " and " + setup.EnvFile);
            if (setup.Start)
            {
                StartService();
            }

            return 0;
        }

        /// <summary>Changes only the keys setup owns; whatever else the file holds (local broker, health) stays.</summary>
        private static void WriteConfig(SetupArguments setup)
        {
            JsonObject root = File.Exists(setup.ConfigFile) ? JsonNode.Parse(File.ReadAllText(setup.ConfigFile))?.AsObject() ?? new JsonObject() : new JsonObject();
            JsonObject smile = Section(root, "Smile");
            JsonObject gateway = Section(smile, "Gateway");
            gateway["Id"] = setup.GatewayId;
            gateway["Site"] = setup.Site;
            JsonObject upstream = Section(smile, "Upstream");
            upstream["Host"] = setup.PlatformHost;
            upstream["Port"] = setup.PlatformPort;
            JsonObject tls = Section(upstream, "Tls");
            tls["Enabled"] = setup.Tls;
            if (setup.CaFile != null)
            {
                tls["CaFile"] = setup.CaFile;
            }

            Write(setup.ConfigFile, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        /// <summary>Replaces the platform login; other lines (nodectl's local broker logins) stay.</summary>
        private static void WriteEnv(SetupArguments setup)
        {
            var owned = new Dictionary<string, string?>
            {
                ["Smile__Upstream__Username"] = setup.PlatformUser,
                ["Smile__Upstream__Password"] = setup.PlatformPassword,
            };
            IEnumerable<string> kept = File.Exists(setup.EnvFile)
                ? File.ReadAllLines(setup.EnvFile).Where(l => !owned.ContainsKey(l.Split('=', 2)[0].Trim()))
                : Array.Empty<string>();
            IEnumerable<string> lines = kept.Concat(owned.Where(o => o.Value != null).Select(o => o.Key + "=" + o.Value));
            Write(setup.EnvFile, string.Join("\n", lines) + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        /// <summary>Created with its final mode, so the secret is never readable by others, not even for a moment.</summary>
        private static void Write(string path, string text, UnixFileMode mode)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("smile-gateway setup writes Unix file modes: it runs on Linux");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            string temporary = path + ".new";
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
            }

            File.SetUnixFileMode(temporary, mode);
            if (File.Exists(path))
            {
                // Keeps the group postinst gave the file (smile-gateway), so the service can still read gateway.json.
                File.Copy(temporary, path, overwrite: true);
                File.SetUnixFileMode(path, mode);
                File.Delete(temporary);
            }
            else
            {
                File.Move(temporary, path);
            }
        }

        private static JsonObject Section(JsonObject parent, string name)
        {
            if (parent[name] is not JsonObject section)
            {
                section = new JsonObject();
                parent[name] = section;
            }

            return section;
        }

        private static void StartService()
        {
            if (!Directory.Exists("/run/systemd/system"))
            {
                Console.WriteLine("no systemd here: start the gateway yourself (smile-gateway)");
                return;
            }

            using var process = Process.Start(new ProcessStartInfo("systemctl") { ArgumentList = { "enable", "--now", "smile-gateway.service" }, UseShellExecute = false })!;
            process.WaitForExit();
            using var restart = Process.Start(new ProcessStartInfo("systemctl") { ArgumentList = { "restart", "smile-gateway.service" }, UseShellExecute = false })!;
            restart.WaitForExit();
            Console.WriteLine(restart.ExitCode == 0 ? "started smile-gateway.service; see: smile-gateway check" : "systemctl could not start smile-gateway.service: journalctl -u smile-gateway");
        }
    }
}
