using System;
using System.Collections.Generic;

namespace Smile.Gateway.Setup
{
    /// <summary>
    /// The flags of <c>smile-gateway setup</c>: --gateway-id, --site, --platform-host, --platform-port (8883),
    /// --platform-user, --platform-password (or SMILE_PLATFORM_PASSWORD, kept out of the shell's history), --ca-file,
    /// --no-tls, --no-start, and for tests --config and --env-file.
    /// </summary>
    public sealed class SetupArguments
    {
        public string GatewayId { get; private set; } = "";

        public string Site { get; private set; } = "";

        public string PlatformHost { get; private set; } = "";

        public int PlatformPort { get; private set; } = 8883;

        public string? PlatformUser { get; private set; }

        public string? PlatformPassword { get; private set; } = Environment.GetEnvironmentVariable("SMILE_PLATFORM_PASSWORD");

        public string? CaFile { get; private set; }

        public bool Tls { get; private set; } = true;

        public bool Start { get; private set; } = true;

        public string ConfigFile { get; private set; } = GatewayFiles.Config;

        public string EnvFile { get; private set; } = GatewayFiles.Env;

        /// <summary>The arguments after "setup"; throws <see cref="ArgumentException"/> naming the flag at fault.</summary>
        public static SetupArguments Parse(IReadOnlyList<string> args)
        {
            var parsed = new SetupArguments();
            for (int i = 0; i < args.Count; i++)
            {
                string flag = args[i];
                switch (flag)
                {
                    case "--no-tls": parsed.Tls = false; continue;
                    case "--no-start": parsed.Start = false; continue;
                }

                string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException(flag + " needs a value");
                switch (flag)
                {
                    case "--gateway-id": parsed.GatewayId = value; break;
                    case "--site": parsed.Site = value; break;
                    case "--platform-host": parsed.PlatformHost = value; break;
                    case "--platform-port":
                        parsed.PlatformPort = int.TryParse(value, out int port) && port is > 0 and < 65536 ? port : throw new ArgumentException("--platform-port must be 1 to 65535 (is '" + value + "')");
                        break;
                    case "--platform-user": parsed.PlatformUser = value; break;
                    case "--platform-password": parsed.PlatformPassword = value; break;
                    case "--ca-file": parsed.CaFile = value; break;
                    case "--config": parsed.ConfigFile = value; break;
                    case "--env-file": parsed.EnvFile = value; break;
                    default: throw new ArgumentException("unknown flag " + flag);
                }
            }

            Require(parsed.GatewayId, "--gateway-id");
            Require(parsed.Site, "--site");
            Require(parsed.PlatformHost, "--platform-host");
            return parsed;
        }

        private static void Require(string value, string flag)
        {
            if (value.Length == 0)
            {
                throw new ArgumentException(flag + " is required");
            }
        }
    }
}
