using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Smile.Gateway.Setup
{
    /// <summary>The installed gateway's settings (gateway.json) and secrets (gateway.env, systemd's EnvironmentFile).</summary>
    public static class GatewayFiles
    {
        public const string Config = "/etc/smile-gateway/gateway.json";

        public const string Env = "/etc/smile-gateway/gateway.env";

        /// <summary>KEY=VALUE lines as systemd reads them; comments and blank lines skipped.</summary>
        public static Dictionary<string, string> ReadEnv(string path) => !File.Exists(path)
            ? new Dictionary<string, string>()
            : File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#' && l.Contains('='))
                .GroupBy(l => l.Split('=', 2)[0]).ToDictionary(g => g.Key, g => g.Last().Split('=', 2)[1]);

        /// <summary>The settings the service would see: gateway.json, then the env file over it (Smile__A__B is Smile:A:B).</summary>
        public static IConfiguration Load(string config, string env) => new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(config), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(ReadEnv(env).Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
    }
}
