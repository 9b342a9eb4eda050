using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Smile.Node;
using Smile.Simulation.Place;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// A Smile Place set up the way a technician does it: nodectl ca and nodectl provision run as processes (the built
    /// nodectl.dll), then the shipped broker config with exactly the files they wrote.
    /// </summary>
    internal sealed class ProvisionedPlace : IDisposable
    {
        private ProvisionedPlace(string folder)
        {
            Folder = folder;
        }

        public string Folder { get; }

        public string CaFolder => Path.Combine(Folder, "site-ca");

        public string Provisioned => Path.Combine(Folder, "provisioned");

        public string CaFile => Path.Combine(CaFolder, "ca.crt");

        public static string NodectlDll
        {
            get
            {
                string configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
                return RepoPaths.Of("tools", "Nodectl", "bin", configuration, "net10.0", "nodectl.dll");
            }
        }

        /// <summary>Runs nodectl ca for 127.0.0.1 and nodectl provision of the sheet with TLS (port 8883 and the new CA).</summary>
        public static ProvisionedPlace Create(string sheet)
        {
            var place = new ProvisionedPlace(Directory.CreateTempSubdirectory("smile-provisioned-").FullName);
            Nodectl("ca", "--out", place.CaFolder, "--host", "127.0.0.1", "--host", "localhost");
            string csv = Path.Combine(place.Folder, "nodes.csv");
            File.WriteAllText(csv, sheet);
            Nodectl("provision", csv, "--out", place.Provisioned, "--mqtt-host", "127.0.0.1", "--mqtt-port", "8883", "--ca-file", place.CaFile, "--wifi-ssid", "smile-place");
            return place;
        }

        public static string Nodectl(params string[] arguments) => ProcessRunner.Run("dotnet", new[] { NodectlDll }.Concat(arguments).ToArray());

        /// <summary>The shipped broker with the provisioned passwd and ACL and the nodectl ca server certificate.</summary>
        public ShippedBroker StartBroker(string extraConfig = "") => ShippedBroker.Start(folder =>
        {
            File.Copy(Path.Combine(Provisioned, "mosquitto", "passwd"), Path.Combine(folder, "passwd"));
            File.Copy(Path.Combine(Provisioned, "mosquitto", "acl"), Path.Combine(folder, "acl"));
            Directory.CreateDirectory(Path.Combine(folder, "tls"));
            File.Copy(Path.Combine(CaFolder, "server.crt"), Path.Combine(folder, "tls", "server.crt"));
            File.Copy(Path.Combine(CaFolder, "server.key"), Path.Combine(folder, "tls", "server.key"));
        }, extraConfig);

        /// <summary>The gateway's environment from gateway.env (its two broker logins).</summary>
        public Dictionary<string, string> GatewayEnv() => Env("gateway.env");

        /// <summary>The network server's login from chirpstack.env.</summary>
        public Dictionary<string, string> ChirpStackEnv() => Env("chirpstack.env");

        public NodeConfig Node(string id) => JsonSerializer.Deserialize<NodeConfig>(File.ReadAllText(Path.Combine(Provisioned, "nodes", id + ".json")))!;

        public void Dispose() => Directory.Delete(Folder, true);

        private Dictionary<string, string> Env(string file) => File.ReadAllLines(Path.Combine(Provisioned, file))
            .Where(l => l.Contains('=')).ToDictionary(l => l.Split('=', 2)[0], l => l.Split('=', 2)[1]);
    }
}
